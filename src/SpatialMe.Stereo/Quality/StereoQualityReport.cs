namespace SpatialMe.Stereo.Quality;

/// <summary>
/// The stereo QC report of a title (JSON fields camelCase, described in docs/qc.md). A title with violations is
/// <see cref="Flagged"/>, never failed.
/// </summary>
public sealed record StereoQualityReport
{
    /// <summary>Version of this layout.</summary>
    public int Version { get; init; } = 1;

    /// <summary>What was analysed: the video's path or key, and the job id when the farm made the report.</summary>
    public required string Source { get; init; }

    public string? JobId { get; init; }

    /// <summary>Stereo layout the views were read from (full-sbs, half-sbs, full-tb, half-tb, cross).</summary>
    public required string Layout { get; init; }

    /// <summary>Size of one view in the video (before the working reduction).</summary>
    public required int ViewWidth { get; init; }

    public required int ViewHeight { get; init; }

    public required double FrameRate { get; init; }

    public required int FrameCount { get; init; }

    /// <summary>Every how many frames a frame was analysed (seam frames are analysed as well).</summary>
    public required int Every { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required StereoQualityOptions Thresholds { get; init; }

    /// <summary>True when any violation was found.</summary>
    public required bool Flagged { get; init; }

    public int ViolationCount => Violations.Count;

    public required TitleQuality Title { get; init; }

    public required IReadOnlyList<ShotQuality> Shots { get; init; }

    public required IReadOnlyList<FrameQuality> Frames { get; init; }

    public required IReadOnlyList<SeamQuality> Seams { get; init; }

    public required IReadOnlyList<QualityViolation> Violations { get; init; }
}

/// <summary>Aggregates over a span of analysed frames (a shot or the title). Parallax in % of width.</summary>
public record QualitySummary
{
    public required int FramesAnalysed { get; init; }

    /// <summary>Nearest per-frame near parallax.</summary>
    public required double NearPercent { get; init; }

    /// <summary>Farthest per-frame far parallax.</summary>
    public required double FarPercent { get; init; }

    /// <summary>Largest per-frame depth budget (far − near).</summary>
    public required double MaxBudgetPercent { get; init; }

    /// <summary>Largest share of the left / right edge band in front of the window.</summary>
    public required double MaxWindowLeft { get; init; }

    public required double MaxWindowRight { get; init; }

    public required double MeanDisocclusionPercent { get; init; }

    public required double MaxDisocclusionPercent { get; init; }

    /// <summary>Mean and largest flicker over frames that have one (0 where none has).</summary>
    public required double MeanFlicker { get; init; }

    public required double MaxFlicker { get; init; }

    public required bool Flagged { get; init; }

    /// <summary>The kinds of violation found (budget, far, window-left, window-right, disocclusion, flicker, seam).</summary>
    public required IReadOnlyList<string> ViolationKinds { get; init; }
}

/// <summary>The whole title's aggregates.</summary>
public sealed record TitleQuality : QualitySummary;

/// <summary>One shot: frames <see cref="Start"/> .. <see cref="End"/> − 1.</summary>
public sealed record ShotQuality : QualitySummary
{
    public required int Index { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }
}

/// <summary>
/// A seam where two rendered segments meet (the step from frame − 1 to frame): the right view's change beyond the
/// left view's (luma 0–255) and the step of the mean parallax (% of width), each against the shot's typical step.
/// </summary>
public sealed record SeamQuality
{
    public required int Frame { get; init; }

    public required int Shot { get; init; }

    public required double ViewStep { get; init; }

    public required double TypicalViewStep { get; init; }

    public required double ParallaxStep { get; init; }

    public required double TypicalParallaxStep { get; init; }

    public required bool Flagged { get; init; }
}

/// <summary>
/// One violation: consecutive analysed frames of one shot over a limit (or one seam). <see cref="Worst"/> is the
/// figure furthest past <see cref="Limit"/>, in the kind's unit.
/// </summary>
public sealed record QualityViolation
{
    public required string Kind { get; init; }

    public required int Shot { get; init; }

    public required int StartFrame { get; init; }

    /// <summary>Last analysed frame of the run (inclusive).</summary>
    public required int EndFrame { get; init; }

    public required double Worst { get; init; }

    public required double Limit { get; init; }
}
