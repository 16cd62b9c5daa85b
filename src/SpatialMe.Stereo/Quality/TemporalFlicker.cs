using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;

namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Temporal flicker of the right view: the warping error between consecutive right frames along the left view's
/// optical flow (mean absolute luma difference, 0–255, of frame t and frame t − 1 moved along the flow), minus the same
/// error of the left view. The left view's error is what motion compensation misses in the source itself (blur,
/// occlusions, lighting); what the right view adds on top is flicker the stereo made (depth that jitters, unstable
/// inpainting). The flow comes from the left view, so a right view that jumps between frames is not "explained" by it.
/// </summary>
public static class TemporalFlicker
{
    /// <summary>Flicker of the right view at frame t (≈ 0 for a steady pair; can be slightly negative).</summary>
    public static double Measure(RgbImage previousLeft, RgbImage previousRight, RgbImage left, RgbImage right)
    {
        // A pixel p of frame t is at p + flow(p) in frame t − 1.
        var flow = OpticalFlow.Compute(left, previousLeft);
        return WarpError(previousRight.ToLuma(), right.ToLuma(), flow) - WarpError(previousLeft.ToLuma(), left.ToLuma(), flow);
    }

    /// <summary>Mean absolute luma difference of consecutive frames without motion compensation (0–255).</summary>
    public static double Change(RgbImage previous, RgbImage current)
    {
        long sum = 0;
        var a = previous.Pixels;
        var b = current.Pixels;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / a.Length;
    }

    private static double WarpError(FloatPlane previous, FloatPlane current, FlowField flow)
    {
        double sum = 0;
        long count = 0;
        for (var y = 0; y < current.Height; y++)
        {
            var row = current.ReadRow(y);
            for (var x = 0; x < current.Width; x++)
            {
                var (dx, dy) = flow.At(x, y);
                var sx = x + dx;
                var sy = y + dy;
                if (sx < 0 || sy < 0 || sx > current.Width - 1 || sy > current.Height - 1)
                {
                    continue;
                }

                sum += Math.Abs(row[x] - previous.Sample(sx, sy));
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
