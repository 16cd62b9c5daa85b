using OpenCvSharp;
using SpatialMe.Models.Depth;
using Xunit.Abstractions;

namespace SpatialMe.Models.Tests.Depth;

/// <summary>
/// <see cref="CubicResize"/> against OpenCV's own <c>cv2.resize(..., INTER_CUBIC)</c> (OpenCvSharp), on the dtype the
/// Depth Anything V2 reference feeds it — float64 in [0, 1] (<c>uint8 image / 255.0</c>), which is also what our
/// preprocessor resizes — for sizes used in practice, up- and downscales and odd sizes. Measured: identical (max
/// difference 0) on every size here. (On float32 images, which neither feeds, OpenCV sums in float32 and differed by up
/// to 1.0e-4 on the downscales, 2e-7 on gradients; not investigated further.)
/// </summary>
public sealed class CubicResizeOpenCvTests(ITestOutputHelper output)
{
    public static TheoryData<int, int, int, int> Sizes => new()
    {
        { 1920, 1080, 924, 518 },
        { 1280, 720, 924, 518 },
        { 640, 480, 686, 518 },
        { 450, 375, 616, 518 },
        { 1080, 1920, 518, 924 },
        { 518, 518, 518, 518 },
        { 100, 75, 518, 392 },
        { 37, 23, 101, 59 },
        { 333, 111, 17, 9 },
        { 5, 3, 7, 11 },
        { 3, 2, 14, 14 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_opencv_inter_cubic_on_float64_images(int srcWidth, int srcHeight, int dstWidth, int dstHeight)
    {
        var worst = 0.0;
        foreach (var (name, image) in Images(srcWidth, srcHeight))
        {
            var expected = OpenCv(image, srcWidth, srcHeight, dstWidth, dstHeight, MatType.CV_64FC3);
            var actual = Ours(image, srcWidth, srcHeight, dstWidth, dstHeight);
            var diff = MaxAbsDifference(expected, actual);
            output.WriteLine($"float64 {name} {srcWidth}x{srcHeight} -> {dstWidth}x{dstHeight}: max |ours - OpenCV| = {diff:G3}");
            worst = Math.Max(worst, diff);
        }

        // Same source coordinates, same float32 weights, sums in double: only the order of additions may differ.
        Assert.True(worst < 1e-12, $"max |ours - OpenCV| = {worst:G3}");
    }

    /// <summary>Interleaved RGB in [0, 1]: uniform noise (the hardest case for overshoot), a gradient, and 8-bit values / 255.</summary>
    private static IEnumerable<(string Name, double[] Pixels)> Images(int width, int height)
    {
        var random = new Random(width * 7919 + height);
        var n = width * height * 3;
        yield return ("random", Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray());
        yield return ("gradient", Enumerable.Range(0, n).Select(i =>
        {
            var (p, c) = Math.DivRem(i, 3);
            var (y, x) = Math.DivRem(p, width);
            return ((x / (double)Math.Max(1, width - 1)) + (y / (double)Math.Max(1, height - 1)) + (c * 0.25)) / 2.5;
        }).ToArray());
        yield return ("8-bit", Enumerable.Range(0, n).Select(_ => random.Next(256) / 255.0).ToArray());
    }

    private static double[] OpenCv(double[] pixels, int srcWidth, int srcHeight, int dstWidth, int dstHeight, MatType type)
    {
        using var src64 = new Mat(srcHeight, srcWidth, MatType.CV_64FC3);
        src64.SetArray(Enumerable.Range(0, pixels.Length / 3).Select(i => new Vec3d(pixels[i * 3], pixels[(i * 3) + 1], pixels[(i * 3) + 2])).ToArray());
        using var src = new Mat();
        src64.ConvertTo(src, type);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(dstWidth, dstHeight), 0, 0, InterpolationFlags.Cubic);
        using var dst64 = new Mat();
        dst.ConvertTo(dst64, MatType.CV_64FC3);
        Assert.Equal((dstWidth, dstHeight), (dst64.Width, dst64.Height));
        dst64.GetArray(out Vec3d[] result);
        return result.SelectMany(v => new[] { v.Item0, v.Item1, v.Item2 }).ToArray();
    }

    /// <summary>Our resize, one channel at a time as the preprocessor does, interleaved back.</summary>
    private static double[] Ours(double[] pixels, int srcWidth, int srcHeight, int dstWidth, int dstHeight)
    {
        var result = new double[dstWidth * dstHeight * 3];
        var plane = new double[srcWidth * srcHeight];
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = pixels[(i * 3) + c];
            }

            var resized = CubicResize.Resize(plane, srcWidth, srcHeight, dstWidth, dstHeight);
            for (var i = 0; i < resized.Length; i++)
            {
                result[(i * 3) + c] = resized[i];
            }
        }

        return result;
    }

    private static double MaxAbsDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
