using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Minimum over a (2r+1)×(2r+1) window (grey-level erosion), separable: a row pass then a column pass. The radii used
/// here are small (a few pixels at the working resolution), so the direct scan is cheaper than van Herk's method.
/// </summary>
internal static class MinFilter
{
    public static FloatPlane Apply(FloatPlane src, int radius)
    {
        var w = src.Width;
        var h = src.Height;
        var horizontal = new FloatPlane(w, h);
        Parallel.For(0, h, y =>
        {
            var s = src.ReadRow(y);
            var d = horizontal.Row(y);
            for (var x = 0; x < w; x++)
            {
                var m = s[x];
                var last = Math.Min(w - 1, x + radius);
                for (var i = Math.Max(0, x - radius); i <= last; i++)
                {
                    m = Math.Min(m, s[i]);
                }

                d[x] = m;
            }
        });

        var dst = new FloatPlane(w, h);
        Parallel.For(0, h, y =>
        {
            var d = dst.Row(y);
            horizontal.ReadRow(y).CopyTo(d);
            var last = Math.Min(h - 1, y + radius);
            for (var j = Math.Max(0, y - radius); j <= last; j++)
            {
                var s = horizontal.ReadRow(j);
                for (var x = 0; x < w; x++)
                {
                    d[x] = Math.Min(d[x], s[x]);
                }
            }
        });

        return dst;
    }
}
