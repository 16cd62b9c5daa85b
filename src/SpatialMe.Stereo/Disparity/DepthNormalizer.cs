using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// Maps raw relative inverse depth to [0, 1] (near = 1) consistently over a shot, so the 3D does not "breathe":
/// <list type="number">
/// <item>per frame, the robust range (lo, hi) = the low and high percentiles (2 % / 98 % by default) of a subsample;</item>
/// <item>frame t waits for a lookahead of N frames and takes the window range L_t = min(lo_t … lo_t+N−1),
/// H_t = max(hi_t … hi_t+N−1), so a near object entering soon widens the range before it arrives;</item>
/// <item>an EMA smooths the window range: m_t = λ·m_(t−1) + (1 − λ)·L_t (same for M_t), started at the shot's
/// first window;</item>
/// <item>out_t = clamp((x − m_t) / max(M_t − m_t, tiny), 0, 1).</item>
/// </list>
/// Streaming: <see cref="Push"/> returns the frames that became ready, <see cref="Flush"/> the rest at the end of a
/// shot (the window then shrinks to the frames left). <see cref="Reset"/> at a cut drops everything. Not thread-safe.
/// </summary>
public sealed class DepthNormalizer
{
    private readonly DepthNormalizerOptions _options;
    private readonly Queue<(FloatPlane Raw, float Low, float High)> _pending = new();
    private bool _started;
    private double _low;
    private double _high;

    public DepthNormalizer(DepthNormalizerOptions? options = null)
    {
        _options = options ?? DepthNormalizerOptions.Default;
        _options.Validate();
    }

    public DepthNormalizerOptions Options => _options;

    /// <summary>Frames pushed and not yet returned.</summary>
    public int Pending => _pending.Count;

    /// <summary>
    /// Adds the next frame's raw depth (near = larger) and returns the frames that became ready, in order: none until
    /// the lookahead is full, then one per push.
    /// </summary>
    public IReadOnlyList<FloatPlane> Push(FloatPlane rawDepth)
    {
        ArgumentNullException.ThrowIfNull(rawDepth);
        var (low, high) = RobustPercentiles.Range(rawDepth, _options.LowPercentile, _options.HighPercentile);
        _pending.Enqueue((rawDepth, low, high));
        if (_pending.Count < _options.Lookahead)
        {
            return [];
        }

        return [NormalizeOldest()];
    }

    /// <summary>Returns every frame still waiting (end of shot), each with the lookahead that remains; then resets.</summary>
    public IReadOnlyList<FloatPlane> Flush()
    {
        var ready = new List<FloatPlane>(_pending.Count);
        while (_pending.Count > 0)
        {
            ready.Add(NormalizeOldest());
        }

        Reset();
        return ready;
    }

    /// <summary>Drops all state (pending frames and the EMA): call at a shot boundary, after <see cref="Flush"/>.</summary>
    public void Reset()
    {
        _pending.Clear();
        _started = false;
        _low = 0;
        _high = 0;
    }

    /// <summary>A still image: its own percentile range, no lookahead or EMA.</summary>
    public static FloatPlane NormalizeSingle(FloatPlane rawDepth, DepthNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rawDepth);
        options ??= DepthNormalizerOptions.Default;
        options.Validate();
        var (low, high) = RobustPercentiles.Range(rawDepth, options.LowPercentile, options.HighPercentile);
        return Apply(rawDepth, low, high);
    }

    private FloatPlane NormalizeOldest()
    {
        // Window range over every pending frame: they are exactly frames t … t+N−1 (fewer while flushing).
        var windowLow = float.PositiveInfinity;
        var windowHigh = float.NegativeInfinity;
        foreach (var (_, low, high) in _pending)
        {
            windowLow = Math.Min(windowLow, low);
            windowHigh = Math.Max(windowHigh, high);
        }

        if (!_started)
        {
            _low = windowLow;
            _high = windowHigh;
            _started = true;
        }
        else
        {
            var decay = _options.Decay;
            _low = (decay * _low) + ((1 - decay) * windowLow);
            _high = (decay * _high) + ((1 - decay) * windowHigh);
        }

        var (raw, _, _) = _pending.Dequeue();
        return Apply(raw, (float)_low, (float)_high);
    }

    private static FloatPlane Apply(FloatPlane raw, float low, float high)
    {
        // A flat frame has no range: guard the division so every pixel maps to 0 rather than NaN.
        var span = Math.Max(high - low, 1e-6f * Math.Max(1f, Math.Max(Math.Abs(low), Math.Abs(high))));
        var inv = 1f / span;
        var output = new FloatPlane(raw.Width, raw.Height);
        Parallel.For(0, raw.Height, y =>
        {
            var src = raw.ReadRow(y);
            var dst = output.Row(y);
            for (var x = 0; x < src.Length; x++)
            {
                var n = (src[x] - low) * inv;
                dst[x] = n > 0f ? (n < 1f ? n : 1f) : 0f; // NaN maps to 0 (far)
            }
        });

        return output;
    }
}
