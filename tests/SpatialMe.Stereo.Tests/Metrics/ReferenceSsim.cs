using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Metrics;

/// <summary>
/// A deliberately plain SSIM for cross-checking: at every pixel and channel it sums the 121 taps of the 2-D
/// Gaussian window directly (weights built as exp(−(dx²+dy²)/2σ²) normalised over the 11×11 grid, not as a
/// product of 1-D kernels), with out-of-image taps mirrored with the edge sample repeated.
/// </summary>
internal static class ReferenceSsim
{
    public static double Mean(RgbImage a, RgbImage b, Mask? region = null)
    {
        var weights = new double[11, 11];
        var total = 0.0;
        for (var dy = -5; dy <= 5; dy++)
        {
            for (var dx = -5; dx <= 5; dx++)
            {
                weights[dy + 5, dx + 5] = Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 1.5 * 1.5));
                total += weights[dy + 5, dx + 5];
            }
        }

        const double c1 = 0.01 * 255 * 0.01 * 255;
        const double c2 = 0.03 * 255 * 0.03 * 255;
        var sum = 0.0;
        var count = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (region is not null && !region[x, y])
                {
                    continue;
                }

                count++;
                for (var c = 0; c < 3; c++)
                {
                    double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                    for (var dy = -5; dy <= 5; dy++)
                    {
                        for (var dx = -5; dx <= 5; dx++)
                        {
                            var w = weights[dy + 5, dx + 5] / total;
                            var sx = Mirror(x + dx, a.Width);
                            var sy = Mirror(y + dy, a.Height);
                            double va = a.Pixels[(((sy * a.Width) + sx) * 3) + c];
                            double vb = b.Pixels[(((sy * a.Width) + sx) * 3) + c];
                            mx += w * va;
                            my += w * vb;
                            xx += w * va * va;
                            yy += w * vb * vb;
                            xy += w * va * vb;
                        }
                    }

                    var vx = xx - (mx * mx);
                    var vy = yy - (my * my);
                    var cov = xy - (mx * my);
                    sum += ((2 * mx * my) + c1) * ((2 * cov) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
                }
            }
        }

        return sum / (3.0 * count);
    }

    /// <summary>Folds an index back into the image one mirror at a time (edge sample repeated).</summary>
    private static int Mirror(int i, int length)
    {
        while (i < 0 || i >= length)
        {
            i = i < 0 ? -i - 1 : (2 * length) - i - 1;
        }

        return i;
    }
}
