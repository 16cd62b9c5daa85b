using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// Small synthetic frames for detector unit tests: two unrelated moving patterns (warm diagonal stripes, a cool
/// blob grid), and the ways of joining them (cut, linear dissolve, fade through black).
/// </summary>
internal static class SyntheticShots
{
    public const int Width = 96;
    public const int Height = 54;

    /// <summary>Pattern A: warm diagonal stripes sliding right by <paramref name="shift"/> pixels.</summary>
    public static RgbImage Stripes(int shift) => Render((x, y) =>
    {
        var v = 0.5 + (0.5 * Math.Sin((x - shift + (0.5 * y)) * 0.35));
        return (200 * v + 40, 120 * v + 30, 40 * v + 10);
    });

    /// <summary>Pattern B: a cool grid of soft blobs sliding down by <paramref name="shift"/> pixels.</summary>
    public static RgbImage Blobs(int shift) => Render((x, y) =>
    {
        var v = 0.5 + (0.25 * (Math.Cos(x * 0.5) + Math.Cos((y - shift) * 0.6)));
        return (30 * v + 20, 150 * v + 40, 210 * v + 30);
    });

    public static RgbImage Blend(RgbImage a, RgbImage b, double weightOfB)
    {
        var result = new RgbImage(a.Width, a.Height);
        for (var i = 0; i < result.Pixels.Length; i++)
        {
            result.Pixels[i] = (byte)Math.Round(((1 - weightOfB) * a.Pixels[i]) + (weightOfB * b.Pixels[i]));
        }

        return result;
    }

    public static RgbImage Dim(RgbImage a, double factor)
    {
        var result = new RgbImage(a.Width, a.Height);
        for (var i = 0; i < result.Pixels.Length; i++)
        {
            result.Pixels[i] = (byte)Math.Round(factor * a.Pixels[i]);
        }

        return result;
    }

    private static RgbImage Render(Func<int, int, (double R, double G, double B)> colour)
    {
        var image = new RgbImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = colour(x, y);
                row[3 * x] = (byte)Math.Clamp(Math.Round(r), 0, 255);
                row[(3 * x) + 1] = (byte)Math.Clamp(Math.Round(g), 0, 255);
                row[(3 * x) + 2] = (byte)Math.Clamp(Math.Round(b), 0, 255);
            }
        }

        return image;
    }
}
