using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Depth;

/// <summary>Synthetic frames with known depth structure for the estimator tests.</summary>
internal static class SyntheticScenes
{
    /// <summary>
    /// Two textured planes seen by a camera translating sideways: the background texture moves
    /// <paramref name="backgroundSpeed"/> px/frame, the foreground rectangle's texture <paramref name="foregroundSpeed"/>.
    /// </summary>
    public static RgbImage TwoPlanes(int width, int height, int frame, (int X0, int Y0, int X1, int Y1) foreground, int foregroundSpeed, int backgroundSpeed)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var inside = x >= foreground.X0 && x < foreground.X1 && y >= foreground.Y0 && y < foreground.Y1;
                var (sx, seed) = inside ? (x + (foregroundSpeed * frame), 11) : (x + (backgroundSpeed * frame), 5);
                Colour(row, x, sx, y, seed);
            }
        }

        return image;
    }

    /// <summary>Colourful texture, each channel its own noise, so the dark channel of the clear scene is low.</summary>
    public static RgbImage Textured(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                Colour(row, x, x, y, seed);
            }
        }

        return image;
    }

    /// <summary>Koschmieder's model I = J·t + A·(1 − t) with grey airlight A where <paramref name="fogged"/> says so.</summary>
    public static RgbImage Fog(RgbImage clear, Func<int, int, bool> fogged, float transmission, byte airlight)
    {
        var image = clear.Clone();
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                if (fogged(x, y))
                {
                    for (var c = 0; c < 3; c++)
                    {
                        row[(3 * x) + c] = (byte)Math.Round((row[(3 * x) + c] * transmission) + (airlight * (1 - transmission)));
                    }
                }
            }
        }

        return image;
    }

    public static double MeanWhere(FloatPlane plane, Func<int, int, bool> where)
    {
        double sum = 0;
        var n = 0;
        for (var y = 0; y < plane.Height; y++)
        {
            for (var x = 0; x < plane.Width; x++)
            {
                if (where(x, y))
                {
                    sum += plane[x, y];
                    n++;
                }
            }
        }

        Assert.True(n > 0);
        return sum / n;
    }

    private static void Colour(Span<byte> row, int x, int sx, int y, int seed)
    {
        row[3 * x] = DepthTestImages.Texture(sx, y, seed);
        row[(3 * x) + 1] = DepthTestImages.Texture(sx, y, seed + 1);
        row[(3 * x) + 2] = DepthTestImages.Texture(sx, y, seed + 2);
    }
}
