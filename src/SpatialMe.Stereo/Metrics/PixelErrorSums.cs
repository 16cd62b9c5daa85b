using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Metrics;

/// <summary>
/// Exact integer sums of absolute and squared byte differences over R, G and B within a region. Integers keep the
/// result independent of how rows are scheduled; each row's sums land in its own slot and are combined in row order.
/// </summary>
internal static class PixelErrorSums
{
    public static (long AbsoluteSum, long SquaredSum) Compute(RgbImage reference, RgbImage candidate, Mask? region)
    {
        var height = reference.Height;
        var width = reference.Width;
        var absRows = new long[height];
        var sqRows = new long[height];
        Parallel.For(0, height, y =>
        {
            var a = reference.ReadRow(y);
            var b = candidate.ReadRow(y);
            var m = region is null ? ReadOnlySpan<byte>.Empty : region.ReadRow(y);
            long abs = 0;
            long sq = 0;
            for (var x = 0; x < width; x++)
            {
                if (region is not null && m[x] == 0)
                {
                    continue;
                }

                for (var c = 0; c < 3; c++)
                {
                    var d = a[(3 * x) + c] - b[(3 * x) + c];
                    abs += Math.Abs(d);
                    sq += d * d;
                }
            }

            absRows[y] = abs;
            sqRows[y] = sq;
        });

        long absTotal = 0;
        long sqTotal = 0;
        for (var y = 0; y < height; y++)
        {
            absTotal += absRows[y];
            sqTotal += sqRows[y];
        }

        return (absTotal, sqTotal);
    }
}
