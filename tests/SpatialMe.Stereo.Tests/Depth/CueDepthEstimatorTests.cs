using System.Diagnostics;
using System.Runtime.InteropServices;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Depth;

public sealed class CueDepthEstimatorTests(ITestOutputHelper output)
{
    private const int W = 320;
    private const int H = 240;
    private static readonly (int X0, int Y0, int X1, int Y1) Foreground = (100, 70, 220, 170);

    private static bool InForeground(int x, int y) =>
        x >= Foreground.X0 + 10 && x < Foreground.X1 - 10 && y >= Foreground.Y0 + 10 && y < Foreground.Y1 - 10;

    /// <summary>Background pixels well clear of the foreground's edges and of the frame border.</summary>
    private static bool InBackground(int x, int y) =>
        (x < Foreground.X0 - 10 || x >= Foreground.X1 + 10 || y < Foreground.Y0 - 10 || y >= Foreground.Y1 + 10)
        && x >= 16 && x < W - 16 && y >= 16 && y < H - 16;

    private static RgbImage MovingPlanes(int frame) => SyntheticScenes.TwoPlanes(W, H, frame, Foreground, foregroundSpeed: 6, backgroundSpeed: 1);

    [Fact]
    public void SameInputGivesByteIdenticalDepth()
    {
        var previous = MovingPlanes(0);
        var frame = MovingPlanes(1);
        var first = new CueDepthEstimator().Estimate(frame, previous);
        var second = new CueDepthEstimator().Estimate(frame.Clone(), previous.Clone());
        Assert.True(MemoryMarshal.AsBytes(first.Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(second.Data.AsSpan())));

        var still = SyntheticScenes.Textured(W, H, 3);
        var a = new CueDepthEstimator().Estimate(still, null);
        var b = new CueDepthEstimator().Estimate(still, null);
        Assert.True(MemoryMarshal.AsBytes(a.Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.Data.AsSpan())));
    }

    [Fact]
    public void MotionParallaxMakesTheFasterPlaneNearer()
    {
        var estimator = new CueDepthEstimator();
        var depth = estimator.Estimate(MovingPlanes(1), MovingPlanes(0));
        var ratio = SyntheticScenes.MeanWhere(depth, InForeground) / SyntheticScenes.MeanWhere(depth, InBackground);

        // Without the previous frame the two planes look alike (same kind of texture), so motion is what separates them.
        var still = estimator.Estimate(MovingPlanes(1), null);
        var stillRatio = SyntheticScenes.MeanWhere(still, InForeground) / SyntheticScenes.MeanWhere(still, InBackground);
        output.WriteLine($"foreground/background mean depth: {ratio:F2} with motion, {stillRatio:F2} without");

        Assert.True(ratio > 1.3, $"foreground only {ratio:F2}× the background");
        Assert.True(stillRatio < 1.15, $"without motion the foreground is already {stillRatio:F2}×: the test does not isolate motion");
    }

    [Fact]
    public void NoMotionGivesExactlyTheMotionlessEstimate()
    {
        var frame = SyntheticScenes.Textured(W, H, 7);
        var estimator = new CueDepthEstimator();
        var motionless = estimator.Estimate(frame, null);

        Assert.Equal(motionless.Data, estimator.Estimate(frame, frame.Clone()).Data);
        Assert.Equal(motionless.Data, estimator.Estimate(frame, frame).Data);

        // Sensor noise (±1 grey level) is not motion: the parallax cue must get zero weight, not a noisy one.
        var noisy = frame.Clone();
        var random = new Random(1);
        for (var i = 0; i < noisy.Pixels.Length; i++)
        {
            noisy.Pixels[i] = (byte)Math.Clamp(noisy.Pixels[i] + random.Next(-1, 2), 0, 255);
        }

        Assert.Equal(motionless.Data, estimator.Estimate(frame, noisy).Data);
    }

    [Fact]
    public void FogOverTheTopHalfIsEstimatedFarther()
    {
        var clear = SyntheticScenes.Textured(W, H, 21);
        var fogged = SyntheticScenes.Fog(clear, (_, y) => y < H / 2, transmission: 0.35f, airlight: 230);
        var estimator = new CueDepthEstimator();
        static bool Top(int x, int y) => y >= 10 && y < (H / 2) - 10;
        static bool Bottom(int x, int y) => y >= (H / 2) + 10 && y < H - 10;

        var foggedDepth = estimator.Estimate(fogged, null);
        var clearDepth = estimator.Estimate(clear, null);
        var foggedGap = SyntheticScenes.MeanWhere(foggedDepth, Bottom) - SyntheticScenes.MeanWhere(foggedDepth, Top);
        var clearGap = SyntheticScenes.MeanWhere(clearDepth, Bottom) - SyntheticScenes.MeanWhere(clearDepth, Top);
        output.WriteLine($"bottom − top mean depth: {foggedGap:F3} fogged, {clearGap:F3} clear (ground ramp only)");

        Assert.True(foggedGap > 0, "the fogged top is not farther");
        Assert.True(foggedGap > 1.5 * clearGap, "fog adds too little beyond the ground-plane ramp");
    }

    [Fact]
    public void DarkChannelTransmissionIsLowUnderFog()
    {
        // The haze cue itself, away from the ground ramp's direction: fog over the left half.
        var fogged = SyntheticScenes.Fog(SyntheticScenes.Textured(W, H, 4), (x, _) => x < W / 2, transmission: 0.4f, airlight: 220);
        var transmission = HazeCue.Compute(WorkingFrame.From(fogged, 352), 4);
        var left = SyntheticScenes.MeanWhere(transmission, (x, _) => x >= 10 && x < (W / 2) - 10);
        var right = SyntheticScenes.MeanWhere(transmission, (x, _) => x >= (W / 2) + 10 && x < W - 10);
        output.WriteLine($"mean transmission: fogged {left:F2}, clear {right:F2}");
        Assert.True(left < right - 0.3, $"fogged {left:F2} vs clear {right:F2}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(2, 500)]
    [InlineData(40, 30)]
    [InlineData(1000, 20)]
    public void AnySizeGivesStrictlyPositiveFiniteDepthAtTheFrameSize(int width, int height)
    {
        var previous = SyntheticScenes.TwoPlanes(width, height, 0, (0, 0, width / 2, height), 6, 1);
        var frame = SyntheticScenes.TwoPlanes(width, height, 1, (0, 0, width / 2, height), 6, 1);
        foreach (var depth in new[] { new CueDepthEstimator().Estimate(frame, null), new CueDepthEstimator().Estimate(frame, previous) })
        {
            Assert.Equal((width, height), (depth.Width, depth.Height));
            Assert.All(depth.Data, v => Assert.True(float.IsFinite(v) && v > 0, $"bad depth {v}"));
        }
    }

    [Fact]
    public void PreviousFrameOfAnotherSizeIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new CueDepthEstimator().Estimate(new RgbImage(8, 8), new RgbImage(9, 8)));
        Assert.Contains("same shot", error.Message);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CueDepthEstimator(new CueDepthOptions { WorkingLongSide = 8 }));
        Assert.Throws<ArgumentException>(() => new CueDepthEstimator(new CueDepthOptions { GroundWeight = 0, HazeWeight = 0, FocusWeight = 0 }));
        Assert.Throws<ArgumentException>(() => new CueDepthEstimator(new CueDepthOptions { MotionMinParallax = 2, MotionFullParallax = 1 }));
        Assert.Equal("cues-v1", new CueDepthEstimator().Name);
    }

    [Fact]
    public void TimeOneFullHdFrame()
    {
        // Prints, does not assert: the figure goes into docs/depth.md.
        var previous = SyntheticScenes.TwoPlanes(1920, 1080, 0, (600, 300, 1300, 800), 12, 2);
        var frame = SyntheticScenes.TwoPlanes(1920, 1080, 1, (600, 300, 1300, 800), 12, 2);
        var estimator = new CueDepthEstimator();
        estimator.Estimate(frame, previous); // warm-up: JIT and OpenCV initialisation
        foreach (var (label, prev) in new[] { ("still (no previous)", (RgbImage?)null), ("with motion", previous) })
        {
            // Wall time suffers when other processes share the cores; process CPU time (all threads) does not, so
            // both are printed. Run this test alone for the CPU figure to be this estimator's.
            var times = new List<double>();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                estimator.Estimate(frame, prev);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            process.Refresh();
            var cpuPerFrame = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / times.Count;
            times.Sort();
            output.WriteLine($"1920x1080 {label}: wall median {times[2]:F0} ms (min {times[0]:F0}, max {times[4]:F0}), CPU {cpuPerFrame:F0} ms/frame, {Environment.ProcessorCount} cores");
        }
    }
}
