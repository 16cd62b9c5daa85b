using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Pipeline;

/// <summary>
/// These tests hold a few megabytes of frames while they run: alone, after the parallel tests, so that
/// <see cref="StereoConverterMemoryTests"/>, which measures the whole process's live memory, never counts them.
/// </summary>
[CollectionDefinition(nameof(ViewSynthesizerTests), DisableParallelization = true)]
public sealed class ViewSynthesizerCollection;

[Collection(nameof(ViewSynthesizerTests))]
public sealed class ViewSynthesizerTests
{
    private const int Width = 96;
    private const int Height = 64;

    /// <summary>11 frames of a block moving over a background, then a cut to a darker scene for 6 frames.</summary>
    private static List<RgbImage> TwoShots()
    {
        var frames = new List<RgbImage>();
        for (var t = 0; t < 11; t++)
        {
            frames.Add(new LayeredScene(Width, Height, 0, seed: 3).Add(20 + (2 * t), 16, 24, 24, 6, seed: 8, textureShift: 2 * t).Left());
        }

        for (var t = 0; t < 6; t++)
        {
            var dark = new LayeredScene(Width, Height, 0, seed: 11).Add(50 - t, 10, 30, 40, 6, seed: 12, textureShift: -t).Left();
            for (var i = 0; i < dark.Pixels.Length; i++)
            {
                dark.Pixels[i] = (byte)(dark.Pixels[i] / 3);
            }

            frames.Add(dark);
        }

        return frames;
    }

    /// <summary>
    /// The front half of the converter on its own: depth, cut detection and normalisation exactly as
    /// <see cref="StereoConverter"/> does them, returning each shot's frames with their normalised depth.
    /// </summary>
    private static List<List<(RgbImage Left, FloatPlane Depth)>> NormalizedShots(IReadOnlyList<RgbImage> frames, ConversionSettings settings)
    {
        var estimator = new CueDepthEstimator();
        var cuts = new CutDetector();
        var shots = new List<List<(RgbImage, FloatPlane)>>();
        var normalizer = new DepthNormalizer(settings.Normalizer);
        var awaiting = new Queue<RgbImage>();
        RgbImage? previous = null;
        void Take(IEnumerable<FloatPlane> ready)
        {
            foreach (var depth in ready)
            {
                shots[^1].Add((awaiting.Dequeue(), depth));
            }
        }

        foreach (var frame in frames)
        {
            if (cuts.IsCut(frame))
            {
                if (shots.Count > 0)
                {
                    Take(normalizer.Flush());
                }

                shots.Add([]);
                previous = null;
            }

            var raw = estimator.Estimate(frame, previous);
            previous = frame;
            awaiting.Enqueue(frame);
            Take(normalizer.Push(raw));
        }

        Take(normalizer.Flush());
        return shots;
    }

    private static List<SynthesizedView> Synthesize(ViewSynthesizer synthesizer, IEnumerable<List<(RgbImage Left, FloatPlane Depth)>> shots)
    {
        var views = new List<SynthesizedView>();
        foreach (var shot in shots)
        {
            foreach (var (left, depth) in shot)
            {
                views.AddRange(synthesizer.Push(left, depth));
            }

            views.AddRange(synthesizer.Complete());
            Assert.Equal(0, synthesizer.Pending);
        }

        return views;
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(3, 2)]
    public void Right_views_equal_the_right_half_that_the_converter_packs(int chunk, int context)
    {
        var settings = ConversionSettings.Default with { Format = StereoFormat.FullSbs, ChunkFrames = chunk, ContextFrames = context };
        var frames = TwoShots();

        var converter = new StereoConverter(new CueDepthEstimator(), settings);
        var packed = new List<RgbImage>();
        foreach (var frame in frames)
        {
            packed.AddRange(converter.Push(frame));
        }

        packed.AddRange(converter.Complete());

        var shots = NormalizedShots(frames, settings);
        Assert.Equal(2, shots.Count);
        var views = Synthesize(new ViewSynthesizer(settings), shots);

        Assert.Equal(frames.Count, packed.Count);
        Assert.Equal(frames.Count, views.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Same(frames[i], views[i].Left);
            for (var y = 0; y < Height; y++)
            {
                Assert.True(packed[i].ReadRow(y)[(Width * 3)..].SequenceEqual(views[i].Right.ReadRow(y)), $"frame {i} row {y}");
            }
        }
    }

    [Fact]
    public void Every_view_comes_out_once_in_order_and_complete_starts_the_next_shot()
    {
        var settings = ConversionSettings.Default with { Format = StereoFormat.Right, ChunkFrames = 4, ContextFrames = 2 };
        var synthesizer = new ViewSynthesizer(settings);
        var frames = TwoShots();
        var depth = DepthNormalizer.NormalizeSingle(new CueDepthEstimator().Estimate(frames[0], null));

        var views = new List<SynthesizedView>();
        for (var i = 0; i < 11; i++)
        {
            var ready = synthesizer.Push(frames[i], depth);

            // The first chunk waits for its context: 4 + 2 frames.
            Assert.Equal(i == 5 || i == 9 ? 4 : 0, ready.Count);
            views.AddRange(ready);
            Assert.Equal(i + 1 - views.Count, synthesizer.Pending);
        }

        views.AddRange(synthesizer.Complete());
        Assert.Equal(0, synthesizer.Pending);
        Assert.Empty(synthesizer.Complete());

        // A shot of another size may follow once the previous one is complete.
        var small = new LayeredScene(40, 30, 0, seed: 2).Left();
        var smallDepth = new FloatPlane(40, 30);
        Assert.Empty(synthesizer.Push(small, smallDepth));
        var last = synthesizer.Complete();

        Assert.Equal(11, views.Count);
        for (var i = 0; i < 11; i++)
        {
            Assert.Same(frames[i], views[i].Left);
            Assert.Equal((Width, Height), (views[i].Right.Width, views[i].Right.Height));
        }

        Assert.Same(small, Assert.Single(last).Left);
    }

    [Fact]
    public void Disparity_format_skips_the_branches_and_returns_the_left_view_as_right()
    {
        var settings = ConversionSettings.Default with { Format = StereoFormat.Disparity };
        var synthesizer = new ViewSynthesizer(settings);
        var frame = TwoShots()[0];
        var depth = DepthNormalizer.NormalizeSingle(new CueDepthEstimator().Estimate(frame, null));

        Assert.Empty(synthesizer.Push(frame, depth));
        var view = Assert.Single(synthesizer.Complete());

        Assert.Same(frame, view.Left);
        Assert.Same(frame, view.Right);
        Assert.Equal(DisparityMapping.ToDisparity(depth, settings.Disparity).Data, view.Disparity.Data);
        Assert.Equal(TimeSpan.Zero, synthesizer.Timings["temporal"]);
    }

    [Fact]
    public void Mismatched_depth_or_a_size_change_within_a_shot_is_rejected()
    {
        var synthesizer = new ViewSynthesizer(ConversionSettings.Default);
        var frame = TwoShots()[0];
        var error = Assert.Throws<ArgumentException>(() => synthesizer.Push(frame, new FloatPlane(Width - 1, Height)));
        Assert.Contains($"{Width - 1}x{Height}", error.Message);

        synthesizer.Push(frame, new FloatPlane(Width, Height));
        var change = Assert.Throws<ArgumentException>(() => synthesizer.Push(new RgbImage(40, 30), new FloatPlane(40, 30)));
        Assert.Contains("Complete", change.Message);
    }

    [Fact]
    public void Timings_are_shared_with_the_caller()
    {
        var timings = new StageTimings();
        var synthesizer = new ViewSynthesizer(ConversionSettings.Default, timings);
        Assert.Same(timings, synthesizer.Timings);
        var frame = TwoShots()[0];
        synthesizer.Push(frame, new FloatPlane(Width, Height));
        synthesizer.Complete();
        Assert.True(timings["warp"] > TimeSpan.Zero);
        Assert.True(timings["fusion"] > TimeSpan.Zero);
    }
}
