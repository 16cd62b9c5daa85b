using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// The paper's Algorithm 1 (disparity expansion). At Canny edges of the disparity where the left neighbour is nearer
/// than the right one by more than λ (a foreground edge with the disocclusion of the right view to its right), a
/// (2k)×(2k) window is painted with the foreground disparity. The background pixels in that window then travel with the
/// foreground when re-warped, so the hole that opens beside the foreground is bordered by background on both sides and
/// the fill no longer drags foreground colour into it.
/// </summary>
public static class DisparityExpansion
{
    public const int DefaultRadius = 4;
    public const float DefaultThreshold = 1.0f;

    /// <param name="disparity">Left-view disparity in pixels (near = larger).</param>
    /// <param name="radius">k: half the side of the painted window, pixels.</param>
    /// <param name="threshold">λ: minimum disparity step (pixels) across an edge.</param>
    public static FloatPlane Expand(FloatPlane disparity, int radius = DefaultRadius, float threshold = DefaultThreshold)
    {
        if (radius < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "Expansion radius k must be at least 1.");
        }

        if (!(threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Expansion threshold λ must be positive.");
        }

        return Expand(disparity, CannyEdges(disparity, threshold), radius, threshold);
    }

    /// <summary>Algorithm 1's loop over a given edge map (non-zero = edge), row-major.</summary>
    internal static FloatPlane Expand(FloatPlane disparity, byte[] edges, int radius, float threshold)
    {
        var w = disparity.Width;
        var h = disparity.Height;
        var expanded = disparity.Clone();
        var k = radius;

        // Row-major order as np.argwhere gives; a later window overwrites an earlier one, so the result is deterministic.
        for (var i = k; i < h - k; i++)
        {
            var edgeRow = edges.AsSpan(i * w, w);
            var row = disparity.ReadRow(i);
            for (var j = k; j < w - k; j++)
            {
                if (edgeRow[j] == 0)
                {
                    continue;
                }

                var foreground = row[j - 1];
                if (foreground - row[j + 1] <= threshold)
                {
                    continue;
                }

                for (var yy = i - k; yy < i + k; yy++)
                {
                    expanded.Row(yy).Slice(j - k, 2 * k).Fill(foreground);
                }
            }
        }

        return expanded;
    }

    /// <summary>Canny on the disparity rescaled to 8 bits, with thresholds set so that a step of λ pixels is an edge.</summary>
    internal static byte[] CannyEdges(FloatPlane disparity, float threshold)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in disparity.Data)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }

        var w = disparity.Width;
        var h = disparity.Height;
        var edges = new byte[w * h];
        var range = max - min;
        if (!(range > threshold))
        {
            return edges; // no step can exceed λ
        }

        var scale = 255f / range;
        var bytes = new byte[w * h];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp((int)(((disparity.Data[i] - min) * scale) + 0.5f), 0, 255);
        }

        // A vertical step of s grey levels gives a Sobel response of about 4·s; accept steps from half of λ so that
        // Canny never hides an edge the λ test would keep.
        var step = threshold * scale;
        using var src = Mat.FromPixelData(h, w, MatType.CV_8UC1, bytes);
        using var dst = new Mat();
        Cv2.Canny(src, dst, 2 * step, 4 * step, 3, L2gradient: false);
        dst.GetArray(out byte[] result);
        return result;
    }
}
