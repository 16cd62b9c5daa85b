using System.Runtime.InteropServices;
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
/// Split (a farm, where a shot's frames are estimated on several machines): <see cref="FrameRange"/> per frame,
/// <see cref="ShotRanges"/> once per shot, then <see cref="Apply"/> per frame anywhere gives the same bytes.
/// </summary>
public sealed class DepthNormalizer
{
    private readonly DepthNormalizerOptions _options;
    private readonly Queue<FloatPlane> _pending = new();
    private readonly List<DepthRange> _pendingRanges = [];
    private RangeAverage _average;

    public DepthNormalizer(DepthNormalizerOptions? options = null)
    {
        _options = options ?? DepthNormalizerOptions.Default;
        _options.Validate();
        _average = new RangeAverage(_options.Decay);
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
        _pendingRanges.Add(FrameRange(rawDepth, _options));
        _pending.Enqueue(rawDepth);
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
        _pendingRanges.Clear();
        _average = new RangeAverage(_options.Decay);
    }

    /// <summary>A still image: its own percentile range, no lookahead or EMA.</summary>
    public static FloatPlane NormalizeSingle(FloatPlane rawDepth, DepthNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rawDepth);
        options ??= DepthNormalizerOptions.Default;
        options.Validate();
        return Apply(rawDepth, FrameRange(rawDepth, options));
    }

    /// <summary>
    /// One frame's robust range: the low and high percentiles of its raw depth (non-finite values ignored). This is
    /// the only statistic the shot-level normalisation needs from a frame, so a farm can compute it where the depth
    /// is estimated and ship a few bytes instead of the plane.
    /// </summary>
    public static DepthRange FrameRange(FloatPlane rawDepth, DepthNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(rawDepth);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (low, high) = RobustPercentiles.Range(rawDepth, options.LowPercentile, options.HighPercentile);
        return new DepthRange(low, high);
    }

    /// <summary>
    /// The range the streaming normaliser applies to each frame of a whole shot whose frames are pushed in order and
    /// then flushed: frame t gets the EMA (started at the first window) of the envelope of frames t … t+N−1, the
    /// window shrinking to the frames left at the end of the shot. Bit-identical to <see cref="Push"/> and
    /// <see cref="Flush"/>, because both run the same envelope and average code; so segments of one shot rendered
    /// on different machines are normalised exactly as one machine would have done it.
    /// </summary>
    public static IReadOnlyList<DepthRange> ShotRanges(IReadOnlyList<DepthRange> perFrame, DepthNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(perFrame);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ranges = perFrame.ToArray();
        var average = new RangeAverage(options.Decay);
        var result = new DepthRange[ranges.Length];
        for (var t = 0; t < ranges.Length; t++)
        {
            var end = Math.Min(ranges.Length, t + options.Lookahead);
            result[t] = average.Next(Envelope(ranges.AsSpan(t, end - t)));
        }

        return result;
    }

    /// <summary>
    /// Maps raw depth to [0, 1] with <paramref name="range"/>: n = clamp((x − low) / (high − low), 0, 1). A flat range
    /// maps every pixel to 0 rather than dividing by zero; NaN maps to 0 (far).
    /// </summary>
    public static FloatPlane Apply(FloatPlane rawDepth, DepthRange range)
    {
        ArgumentNullException.ThrowIfNull(rawDepth);
        var (low, high) = range;

        // A flat frame has no range: guard the division so every pixel maps to 0 rather than NaN.
        var span = Math.Max(high - low, 1e-6f * Math.Max(1f, Math.Max(Math.Abs(low), Math.Abs(high))));
        var inv = 1f / span;
        var output = new FloatPlane(rawDepth.Width, rawDepth.Height);
        Parallel.For(0, rawDepth.Height, y =>
        {
            var src = rawDepth.ReadRow(y);
            var dst = output.Row(y);
            for (var x = 0; x < src.Length; x++)
            {
                var n = (src[x] - low) * inv;
                dst[x] = n > 0f ? (n < 1f ? n : 1f) : 0f; // NaN maps to 0 (far)
            }
        });

        return output;
    }

    private FloatPlane NormalizeOldest()
    {
        // The window is every pending frame: exactly frames t … t+N−1 (fewer while flushing).
        var range = _average.Next(Envelope(CollectionsMarshal.AsSpan(_pendingRanges)));
        _pendingRanges.RemoveAt(0);
        return Apply(_pending.Dequeue(), range);
    }

    /// <summary>The window range: the lowest low and the highest high of the window's frames.</summary>
    private static DepthRange Envelope(ReadOnlySpan<DepthRange> window)
    {
        var low = float.PositiveInfinity;
        var high = float.NegativeInfinity;
        foreach (var range in window)
        {
            low = Math.Min(low, range.Low);
            high = Math.Max(high, range.High);
        }

        return new DepthRange(low, high);
    }

    /// <summary>The EMA of the window ranges, in double, started at the shot's first window.</summary>
    private sealed class RangeAverage(double decay)
    {
        private bool _started;
        private double _low;
        private double _high;

        public DepthRange Next(DepthRange window)
        {
            if (!_started)
            {
                _low = window.Low;
                _high = window.High;
                _started = true;
            }
            else
            {
                _low = (decay * _low) + ((1 - decay) * window.Low);
                _high = (decay * _high) + ((1 - decay) * window.High);
            }

            return new DepthRange((float)_low, (float)_high);
        }
    }
}
