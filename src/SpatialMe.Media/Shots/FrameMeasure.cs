namespace SpatialMe.Media.Shots;

/// <summary>
/// Everything the shot decisions need about one frame, measured from the thumbnails around it: about 250 bytes a
/// frame (one array), so a whole film's measures fit in memory while its frames never do. Distances are in grey
/// levels (0..255) except histogram distances (0..1); NaN where a frame the measure needs lies outside the video.
/// </summary>
internal sealed class FrameMeasure
{
    /// <summary>How far back <see cref="Difference"/> and <see cref="Histogram"/> look (frame t against t - 1 .. t - MaxLag).</summary>
    public const int MaxLag = 6;

    /// <summary>Half-lengths of the windows the dissolve test compares a frame's neighbours over.</summary>
    public static readonly int[] HalfSpans = [2, 3, 4, 6, 8, 11, 15];

    private static readonly int Lags = MaxLag + 1;
    private static readonly int Spans = HalfSpans.Length;

    private readonly float[] _values = new float[(2 * Lags) + (3 * Spans)];

    public FrameMeasure() => Array.Fill(_values, float.NaN);

    /// <summary>Mean luma of the frame.</summary>
    public float Mean { get; init; }

    /// <summary>Standard deviation of the thumbnail's luma: near zero for a black or otherwise uniform frame.</summary>
    public float Deviation { get; init; }

    /// <summary>[lag]: mean absolute luma difference to frame t - lag (index 0 unused).</summary>
    public Span<float> Difference => _values.AsSpan(0, Lags);

    /// <summary>[lag]: colour histogram distance to frame t - lag (index 0 unused).</summary>
    public Span<float> Histogram => _values.AsSpan(Lags, Lags);

    /// <summary>[k]: distance of this frame from the even blend of frames t ± HalfSpans[k].</summary>
    public Span<float> BlendResidual => _values.AsSpan(2 * Lags, Spans);

    /// <summary>[k]: mean absolute luma difference between frames t - HalfSpans[k] and t + HalfSpans[k].</summary>
    public Span<float> SpanDifference => _values.AsSpan((2 * Lags) + Spans, Spans);

    /// <summary>[k]: colour histogram distance between frames t ± HalfSpans[k].</summary>
    public Span<float> SpanHistogram => _values.AsSpan((2 * Lags) + (2 * Spans), Spans);
}
