using System.Diagnostics;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Metrics;

public sealed class ImageMetricsTests(ITestOutputHelper output)
{
    private const double C1 = 0.01 * 255 * 0.01 * 255;

    [Fact]
    public void ConstantOffsetOfFiveLevels_GivesKnownPsnrAndMae()
    {
        var reference = TestImages.Textured(40, 30);
        var candidate = reference.Clone();
        for (var i = 0; i < candidate.Pixels.Length; i++)
        {
            // Keep away from clipping so every sample really moves by 5.
            reference.Pixels[i] = (byte)Math.Clamp((int)reference.Pixels[i], 0, 250);
            candidate.Pixels[i] = (byte)(reference.Pixels[i] + 5);
        }

        var m = ImageMetrics.Compare(reference, candidate);

        Assert.Equal(20 * Math.Log10(255.0 / 5), m.Psnr, 1e-9);
        Assert.Equal(5 / 255.0, m.Mae, 1e-12);
        Assert.Equal(40 * 30, m.PixelCount);
    }

    [Fact]
    public void IdenticalImages_GiveSsimOneZeroMaeAndInfinitePsnr()
    {
        var image = TestImages.Random(37, 23, seed: 1);

        var m = ImageMetrics.Compare(image, image.Clone());

        Assert.Equal(1.0, m.Ssim, 1e-12);
        Assert.Equal(0.0, m.Mae);
        Assert.True(double.IsPositiveInfinity(m.Psnr));
    }

    [Theory]
    [InlineData(100, 140)]
    [InlineData(0, 255)]
    [InlineData(30, 31)]
    public void ConstantImages_SsimIsTheLuminanceTermOnly(byte a, byte b)
    {
        // With zero variances SSIM reduces to (2ab + C1) / (a² + b² + C1).
        var m = ImageMetrics.Compare(TestImages.Constant(19, 14, a), TestImages.Constant(19, 14, b));

        var expected = ((2.0 * a * b) + C1) / ((a * (double)a) + (b * (double)b) + C1);
        Assert.Equal(expected, m.Ssim, 1e-6);
    }

    [Fact]
    public void MaskedRegion_MeasuresOnlyItsPixels()
    {
        // 10 masked pixels with error 10 on every channel; every other pixel has error 100.
        const int width = 8;
        const int height = 6;
        var reference = TestImages.Constant(width, height, 50);
        var candidate = TestImages.Constant(width, height, 150);
        var region = new Mask(width, height);
        for (var i = 0; i < 10; i++)
        {
            var x = (i * 3) % width;
            var y = (i * 5) % height;
            while (region[x, y])
            {
                x = (x + 1) % width;
            }

            region[x, y] = true;
            candidate.Row(y).Slice(3 * x, 3).Fill(60);
        }

        var masked = ImageMetrics.Compare(reference, candidate, region);
        var whole = ImageMetrics.Compare(reference, candidate);

        Assert.Equal(10, masked.PixelCount);
        Assert.Equal(10 / 255.0, masked.Mae, 1e-12);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 100.0), masked.Psnr, 1e-9);
        Assert.Equal(((10 * 10) + (38 * 100)) / (48 * 255.0), whole.Mae, 1e-12);
    }

    [Fact]
    public void MaskedSsim_AveragesTheMapOverTheRegion_MatchingTheReference()
    {
        var a = TestImages.Random(21, 17, seed: 2);
        var b = TestImages.WithNoise(a, 40, seed: 3);
        var region = new Mask(21, 17);
        for (var y = 3; y < 9; y++)
        {
            for (var x = 2; x < 15; x += 2)
            {
                region[x, y] = true;
            }
        }

        var m = ImageMetrics.Compare(a, b, region);

        Assert.Equal(ReferenceSsim.Mean(a, b, region), m.Ssim, 1e-4);
    }

    [Fact]
    public void EmptyRegion_GivesNaNMetricsAndZeroCount()
    {
        var a = TestImages.Random(9, 9, seed: 4);

        var m = ImageMetrics.Compare(a, TestImages.Random(9, 9, seed: 5), new Mask(9, 9));

        Assert.Equal(0, m.PixelCount);
        Assert.True(double.IsNaN(m.Mae));
        Assert.True(double.IsNaN(m.Psnr));
        Assert.True(double.IsNaN(m.Ssim));
    }

    [Fact]
    public void NoisyCopies_SsimBetweenZeroAndOne_AndFallsWithMoreNoise()
    {
        var clean = TestImages.Textured(64, 48);
        var previous = 1.0;
        foreach (var amplitude in new[] { 5, 20, 60 })
        {
            var ssim = ImageMetrics.Compare(clean, TestImages.WithNoise(clean, amplitude, seed: amplitude)).Ssim;
            Assert.InRange(ssim, double.Epsilon, 1 - 1e-9);
            Assert.True(ssim < previous, $"SSIM {ssim} at noise ±{amplitude} is not below {previous}.");
            previous = ssim;
        }
    }

    [Theory]
    [InlineData(23, 19)] // larger than the window: interior plus one reflection
    [InlineData(4, 3)]   // smaller than the window: the border is mirrored more than once
    [InlineData(1, 12)]  // a single column
    public void Ssim_MatchesDirectWindowSums(int width, int height)
    {
        var a = TestImages.Random(width, height, seed: width);
        var b = TestImages.WithNoise(a, 50, seed: height);

        var m = ImageMetrics.Compare(a, b);

        Assert.Equal(ReferenceSsim.Mean(a, b), m.Ssim, 1e-4);
    }

    [Fact]
    public void Compare_IsDeterministicAcrossRuns()
    {
        // Row sums are combined in row order, so repeated parallel runs agree bit for bit.
        var a = TestImages.Random(300, 200, seed: 6);
        var b = TestImages.WithNoise(a, 30, seed: 7);

        var first = ImageMetrics.Compare(a, b);
        var second = ImageMetrics.Compare(a, b);

        Assert.Equal(first, second);
    }

    [Fact]
    public void MismatchedSizes_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.Compare(new RgbImage(4, 4), new RgbImage(4, 5)));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Compare(new RgbImage(4, 4), new RgbImage(4, 4), new Mask(3, 4)));
    }

    [Fact]
    public void FullHdFrame_Timing()
    {
        // Prints the cost of a 1080p comparison; the bound is only a sanity limit for a hang, not a benchmark.
        var a = TestImages.Random(1920, 1080, seed: 8);
        var b = TestImages.WithNoise(a, 10, seed: 9);
        ImageMetrics.Compare(TestImages.Random(64, 64, 1), TestImages.Random(64, 64, 2)); // JIT warm-up

        var watch = Stopwatch.StartNew();
        var m = ImageMetrics.Compare(a, b);
        watch.Stop();

        output.WriteLine($"1920x1080 Compare: {watch.Elapsed.TotalMilliseconds:F0} ms on {Environment.ProcessorCount} cores, SSIM {m.Ssim:F4}, PSNR {m.Psnr:F2} dB");
        Assert.InRange(m.Ssim, 0.0, 1.0);
    }
}
