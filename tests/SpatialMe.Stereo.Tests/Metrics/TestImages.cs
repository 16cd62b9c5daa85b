using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Metrics;

/// <summary>Deterministic test images for the metric tests.</summary>
internal static class TestImages
{
    public static RgbImage Constant(int width, int height, byte value)
    {
        var image = new RgbImage(width, height);
        Array.Fill(image.Pixels, value);
        return image;
    }

    public static RgbImage Random(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>A smooth gradient with some texture, so SSIM has structure to lose.</summary>
    public static RgbImage Textured(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[3 * x] = (byte)((x * 255) / Math.Max(1, width - 1));
                row[(3 * x) + 1] = (byte)((y * 255) / Math.Max(1, height - 1));
                row[(3 * x) + 2] = (byte)(((x / 4) + (y / 4)) % 2 == 0 ? 60 : 190);
            }
        }

        return image;
    }

    /// <summary>A copy with uniform integer noise in ±amplitude added to every sample, clamped to bytes.</summary>
    public static RgbImage WithNoise(RgbImage source, int amplitude, int seed)
    {
        var rng = new Random(seed);
        var noisy = source.Clone();
        var p = noisy.Pixels;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)Math.Clamp(p[i] + rng.Next(-amplitude, amplitude + 1), 0, 255);
        }

        return noisy;
    }
}
