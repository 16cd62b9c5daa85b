using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Mean over a (2r+1)×(2r+1) window, the window cut at the image border and the sum divided by the pixels actually
/// inside (so borders are not darkened). Running sums in double make the cost independent of r and the result
/// deterministic (the additions always happen in the same order).
/// </summary>
internal static class BoxMean
{
    public static FloatPlane Apply(FloatPlane src, int radius)
    {
        var w = src.Width;
        var h = src.Height;
        var horizontal = new FloatPlane(w, h);
        Parallel.For(0, h, y => HorizontalRow(src.ReadRow(y), horizontal.Row(y), radius));

        // Vertical pass: a sliding window of whole rows; column sums live in one double array.
        var dst = new FloatPlane(w, h);
        var sums = new double[w];
        var top = Math.Min(radius, h - 1);
        for (var y = 0; y <= top; y++)
        {
            Accumulate(sums, horizontal.ReadRow(y), 1);
        }

        for (var y = 0; y < h; y++)
        {
            var first = Math.Max(0, y - radius);
            var last = Math.Min(h - 1, y + radius);
            var inv = 1.0 / (last - first + 1);
            var row = dst.Row(y);
            for (var x = 0; x < w; x++)
            {
                row[x] = (float)(sums[x] * inv);
            }

            if (y + radius + 1 < h)
            {
                Accumulate(sums, horizontal.ReadRow(y + radius + 1), 1);
            }

            if (y - radius >= 0)
            {
                Accumulate(sums, horizontal.ReadRow(y - radius), -1);
            }
        }

        return dst;
    }

    private static void HorizontalRow(ReadOnlySpan<float> src, Span<float> dst, int radius)
    {
        var w = src.Length;
        var sum = 0.0;
        for (var x = 0; x <= Math.Min(radius, w - 1); x++)
        {
            sum += src[x];
        }

        for (var x = 0; x < w; x++)
        {
            var first = Math.Max(0, x - radius);
            var last = Math.Min(w - 1, x + radius);
            dst[x] = (float)(sum / (last - first + 1));
            if (x + radius + 1 < w)
            {
                sum += src[x + radius + 1];
            }

            if (x - radius >= 0)
            {
                sum -= src[x - radius];
            }
        }
    }

    private static void Accumulate(double[] sums, ReadOnlySpan<float> row, int sign)
    {
        for (var x = 0; x < sums.Length; x++)
        {
            sums[x] += sign * row[x];
        }
    }
}
