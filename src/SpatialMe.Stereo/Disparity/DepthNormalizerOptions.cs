namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// Settings of <see cref="DepthNormalizer"/> (formulas in docs/depth.md). Percentiles instead of min/max keep particles
/// and specks from setting the range; lookahead and EMA keep the range from jumping when a near object enters.
/// </summary>
public sealed record DepthNormalizerOptions
{
    public const double DefaultLowPercentile = 2;
    public const double DefaultHighPercentile = 98;
    public const int DefaultLookahead = 8;
    public const double DefaultDecay = 0.85;

    /// <summary>Per-frame percentile (0–100) of raw depth that maps to 0 (far).</summary>
    public double LowPercentile { get; init; } = DefaultLowPercentile;

    /// <summary>Per-frame percentile (0–100) of raw depth that maps to 1 (near).</summary>
    public double HighPercentile { get; init; } = DefaultHighPercentile;

    /// <summary>Frames of lookahead: frame t is normalised with the statistics of frames t … t+N−1 (1 = none).</summary>
    public int Lookahead { get; init; } = DefaultLookahead;

    /// <summary>EMA decay λ of the range over time: range_t = λ·range_(t−1) + (1 − λ)·window_t (0 = no smoothing).</summary>
    public double Decay { get; init; } = DefaultDecay;

    public static DepthNormalizerOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(LowPercentile) || !double.IsFinite(HighPercentile) || LowPercentile < 0 || HighPercentile > 100 || LowPercentile >= HighPercentile)
        {
            throw new ArgumentException(
                $"Depth normalisation percentiles need 0 ≤ low < high ≤ 100, got low {LowPercentile} and high {HighPercentile}.");
        }

        if (!double.IsFinite(Decay) || Decay < 0 || Decay >= 1)
        {
            throw new ArgumentException($"Depth normalisation EMA decay must be in [0, 1), got {Decay}.");
        }

        if (Lookahead < 1)
        {
            throw new ArgumentException($"Depth normalisation lookahead must be at least 1 frame, got {Lookahead}.");
        }
    }
}
