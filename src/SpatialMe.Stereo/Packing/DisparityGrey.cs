using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Packing;

/// <summary>
/// Renders a disparity map as grey: the smallest finite value → 0, the largest → 255, linear and rounded to nearest.
/// A constant map (no range) gives 128 everywhere; non-finite values (NaN, ±∞) give 0 and do not affect the range.
/// </summary>
internal static class DisparityGrey
{
    public static void Render(FloatPlane disparity, RgbImage output)
    {
        var (min, max) = FiniteRange(disparity);
        var range = max - min;
        var scale = range > 0 ? 255.0 / range : 0.0;
        var width = disparity.Width;
        Parallel.For(0, disparity.Height, y =>
        {
            var d = disparity.ReadRow(y);
            var o = output.Row(y);
            for (var x = 0; x < width; x++)
            {
                var v = d[x];
                byte grey;
                if (!float.IsFinite(v))
                {
                    grey = 0;
                }
                else if (range > 0)
                {
                    grey = (byte)Math.Clamp((int)Math.Floor(((v - min) * scale) + 0.5), 0, 255);
                }
                else
                {
                    grey = 128;
                }

                o[3 * x] = grey;
                o[(3 * x) + 1] = grey;
                o[(3 * x) + 2] = grey;
            }
        });
    }

    private static (double Min, double Max) FiniteRange(FloatPlane plane)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in plane.Data)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return double.IsFinite(min) ? (min, max) : (0, 0);
    }
}
