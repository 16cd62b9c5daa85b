using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// The per-channel median of three fills of the same pixels. Three estimates of a disocclusion made from the same
/// background context by different means (a row ramp, fast marching, a copy of the nearest background pixel) err
/// independently: where two agree the median is between them, where one strays (a ramp across a texture edge, a
/// copied highlight) the median rejects it. Unlike the mean it never pulls a good estimate towards a bad one, and it
/// keeps an edge that two of the three agree on instead of blurring it.
/// </summary>
public static class MedianFill
{
    /// <summary>Writes the median of <paramref name="a"/>, <paramref name="b"/> and <paramref name="c"/> into
    /// <paramref name="target"/> on the pixels of <paramref name="where"/>.</summary>
    public static void Apply(RgbImage a, RgbImage b, RgbImage c, Mask where, RgbImage target)
    {
        var w = target.Width;
        Parallel.For(0, target.Height, y =>
        {
            var m = where.ReadRow(y);
            var ra = a.ReadRow(y);
            var rb = b.ReadRow(y);
            var rc = c.ReadRow(y);
            var dst = target.Row(y);
            for (var x = 0; x < w; x++)
            {
                if (m[x] == 0)
                {
                    continue;
                }

                for (var i = 3 * x; i < (3 * x) + 3; i++)
                {
                    dst[i] = Median(ra[i], rb[i], rc[i]);
                }
            }
        });
    }

    public static byte Median(byte a, byte b, byte c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
