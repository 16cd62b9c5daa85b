using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>
/// Finds the divisor s that turns stored disparity values into pixels (pixels = value / s), for datasets whose maps are
/// normalised: the s under which the left view, shifted by value / s, best matches the right view. Per-pixel colour
/// errors are capped so occluded pixels (which match nothing) cannot pull the fit; unknown values (0) are skipped.
/// </summary>
public static class DisparityScaleFit
{
    private const float ErrorCap = 30f;

    public static double Fit(RgbImage left, RgbImage right, FloatPlane rawDisparity)
    {
        var leftLuma = left.ToLuma();
        var rightLuma = right.ToLuma();
        var maxRaw = rawDisparity.Data.Where(float.IsFinite).DefaultIfEmpty(0).Max();
        if (!(maxRaw > 0))
        {
            throw new ArgumentException("The disparity map has no positive values; cannot fit its scale.");
        }

        // Search over k = 1/s so that the largest disparity spans 0.5 px … half the image width, log-spaced, then refine.
        var kMin = 0.5 / maxRaw;
        var kMax = left.Width * 0.5 / maxRaw;
        var best = kMin;
        var bestError = double.MaxValue;
        const int Steps = 160;
        for (var i = 0; i <= Steps; i++)
        {
            var k = kMin * Math.Pow(kMax / kMin, (double)i / Steps);
            var e = Error(leftLuma, rightLuma, rawDisparity, k);
            if (e < bestError)
            {
                bestError = e;
                best = k;
            }
        }

        var ratio = Math.Pow(kMax / kMin, 1.0 / Steps);
        var lo = best / ratio;
        var hi = best * ratio;
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var m1 = lo + ((hi - lo) / 3);
            var m2 = hi - ((hi - lo) / 3);
            if (Error(leftLuma, rightLuma, rawDisparity, m1) < Error(leftLuma, rightLuma, rawDisparity, m2))
            {
                hi = m2;
            }
            else
            {
                lo = m1;
            }
        }

        return 2 / (lo + hi);
    }

    private static double Error(FloatPlane left, FloatPlane right, FloatPlane raw, double k)
    {
        var w = left.Width;
        var sums = new double[left.Height];
        var counts = new int[left.Height];
        Parallel.For(0, left.Height, y =>
        {
            var l = left.ReadRow(y);
            var r = raw.ReadRow(y);
            double sum = 0;
            var count = 0;
            for (var x = 0; x < w; x++)
            {
                if (!(r[x] > 0) || !float.IsFinite(r[x]))
                {
                    continue;
                }

                var xr = x - (float)(k * r[x]);
                if (xr < 0 || xr > w - 1)
                {
                    continue;
                }

                sum += Math.Min(ErrorCap, MathF.Abs(l[x] - right.Sample(xr, y)));
                count++;
            }

            sums[y] = sum;
            counts[y] = count;
        });

        var total = counts.Sum();
        return total == 0 ? double.MaxValue : sums.Sum() / total;
    }
}
