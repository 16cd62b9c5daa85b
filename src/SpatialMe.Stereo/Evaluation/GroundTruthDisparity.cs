using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>
/// Completes a ground-truth disparity map: unknown pixels (0, NaN, or outside the valid mask) are mostly regions the
/// other camera could not see, i.e. background beside a foreground edge, so each run of them takes the farther
/// (smaller) of its two row neighbours.
/// </summary>
public static class GroundTruthDisparity
{
    public static FloatPlane Complete(FloatPlane disparity, Mask? valid)
    {
        var result = disparity.Clone();
        var w = disparity.Width;
        Parallel.For(0, disparity.Height, y =>
        {
            var row = result.Row(y);
            var known = new bool[w];
            var any = false;
            for (var x = 0; x < w; x++)
            {
                known[x] = row[x] > 0 && float.IsFinite(row[x]) && (valid is null || valid[x, y]);
                any |= known[x];
            }

            if (!any)
            {
                row.Clear();
                return;
            }

            var x0 = 0;
            while (x0 < w)
            {
                if (known[x0])
                {
                    x0++;
                    continue;
                }

                var end = x0;
                while (end < w && !known[end])
                {
                    end++;
                }

                var left = x0 > 0 ? row[x0 - 1] : float.PositiveInfinity;
                var right = end < w ? row[end] : float.PositiveInfinity;
                row.Slice(x0, end - x0).Fill(MathF.Min(left, right));
                x0 = end;
            }
        });

        return result;
    }
}
