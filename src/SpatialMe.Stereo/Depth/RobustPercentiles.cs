using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Percentiles of a plane from a regular subsample (at most ~65k values), so a 1080p frame costs a small sort instead
/// of a full one. Non-finite values are skipped. Deterministic: the same grid and a total order on floats.
/// </summary>
internal static class RobustPercentiles
{
    private const int MaxSamples = 1 << 16;

    /// <summary>Sorted finite samples of <paramref name="plane"/> on a grid with a stride chosen from its size.</summary>
    public static float[] SortedSample(FloatPlane plane)
    {
        var stride = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)plane.Width * plane.Height / MaxSamples)));
        var cols = ((plane.Width - 1) / stride) + 1;
        var rows = ((plane.Height - 1) / stride) + 1;
        var samples = new float[cols * rows];
        var n = 0;
        for (var y = 0; y < plane.Height; y += stride)
        {
            var row = plane.ReadRow(y);
            for (var x = 0; x < plane.Width; x += stride)
            {
                var v = row[x];
                if (float.IsFinite(v))
                {
                    samples[n++] = v;
                }
            }
        }

        Array.Sort(samples, 0, n);
        return n == samples.Length ? samples : samples[..n];
    }

    /// <summary>Linear-interpolated percentile (0–100) of sorted values; 0 where there are none.</summary>
    public static float FromSorted(float[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0f;
        }

        var pos = Math.Clamp(percent, 0, 100) / 100.0 * (sorted.Length - 1);
        var i = (int)Math.Floor(pos);
        var j = Math.Min(i + 1, sorted.Length - 1);
        var f = pos - i;
        return (float)((sorted[i] * (1 - f)) + (sorted[j] * f));
    }

    /// <summary>The <paramref name="low"/> and <paramref name="high"/> percentiles (0–100) of a plane.</summary>
    public static (float Low, float High) Range(FloatPlane plane, double low, double high)
    {
        var sorted = SortedSample(plane);
        return (FromSorted(sorted, low), FromSorted(sorted, high));
    }

    /// <summary>
    /// Maps a cue in place to [0, 1] by its 2nd and 98th percentiles (clamped), so a few extreme pixels cannot squash
    /// the rest. Returns false, leaving the plane untouched, where the cue is flat (it then carries no information).
    /// </summary>
    public static bool NormalizeInPlace(FloatPlane cue, double low = 2, double high = 98)
    {
        var (lo, hi) = Range(cue, low, high);
        var span = hi - lo;
        if (!(span > 1e-6f * Math.Max(1f, Math.Max(Math.Abs(lo), Math.Abs(hi)))))
        {
            return false;
        }

        var inv = 1f / span;
        var data = cue.Data;
        for (var i = 0; i < data.Length; i++)
        {
            var n = (data[i] - lo) * inv;
            data[i] = n > 0f ? (n < 1f ? n : 1f) : 0f;
        }

        return true;
    }
}
