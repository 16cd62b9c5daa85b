namespace SpatialMe.Stereo.Quality;

/// <summary>
/// The stereo comfort figures of one frame (parallax in % of width, negative = in front of the screen). Flicker and
/// the view changes need the frame before; they are null where it was not available (a shot's first frame).
/// </summary>
public sealed record FrameQuality
{
    public required int Frame { get; init; }

    /// <summary>Near parallax: the <see cref="StereoQualityOptions.NearPercentile"/> of the frame's matched parallax.</summary>
    public required double NearPercent { get; init; }

    /// <summary>Far parallax: the <see cref="StereoQualityOptions.FarPercentile"/> of the frame's matched parallax.</summary>
    public required double FarPercent { get; init; }

    /// <summary>Depth budget used: far − near.</summary>
    public double BudgetPercent => FarPercent - NearPercent;

    /// <summary>Mean matched parallax (what a seam's depth step is measured on).</summary>
    public required double MeanPercent { get; init; }

    /// <summary>Share of left-view pixels with a consistent match, % (low = the figures rest on little).</summary>
    public required double MatchedPercent { get; init; }

    /// <summary>Share (0–1) of the left edge band in front of the screen window.</summary>
    public required double WindowLeft { get; init; }

    /// <summary>Share (0–1) of the right edge band in front of the screen window.</summary>
    public required double WindowRight { get; init; }

    /// <summary>Right-view pixels with no consistent match in the left view, % of the frame.</summary>
    public required double DisocclusionPercent { get; init; }

    /// <summary>Right-view warping error minus the left view's (luma 0–255); null without the frame before.</summary>
    public double? Flicker { get; init; }

    /// <summary>Mean absolute change of the left view from the frame before (0–255); null without it.</summary>
    public double? LeftChange { get; init; }

    /// <summary>Mean absolute change of the right view from the frame before (0–255); null without it.</summary>
    public double? RightChange { get; init; }
}
