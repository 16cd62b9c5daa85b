using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Metrics;

/// <summary>Per-pixel error of a synthesised view: where a method is wrong, which the metrics' means cannot show.</summary>
public static class ErrorMap
{
    /// <summary>The absolute difference per pixel, averaged over R, G and B, on a [0, 1] scale: the per-pixel terms of
    /// <see cref="ImageMetrics"/>' MAE, so the mean of the map over a region is that region's MAE.</summary>
    public static FloatPlane AbsoluteError(RgbImage reference, RgbImage candidate)
    {
        ImageMetrics.RequireComparable(reference, candidate);

        var map = new FloatPlane(reference.Width, reference.Height);
        Parallel.For(0, reference.Height, y =>
        {
            var a = reference.ReadRow(y);
            var b = candidate.ReadRow(y);
            var row = map.Row(y);
            for (var x = 0; x < row.Length; x++)
            {
                var sum = Math.Abs(a[3 * x] - b[3 * x]) + Math.Abs(a[(3 * x) + 1] - b[(3 * x) + 1]) + Math.Abs(a[(3 * x) + 2] - b[(3 * x) + 2]);
                row[x] = sum / (3f * 255f);
            }
        });
        return map;
    }
}
