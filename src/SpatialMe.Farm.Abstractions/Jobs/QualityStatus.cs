namespace SpatialMe.Farm.Jobs;

/// <summary>Where a job's stereo QC report stands (API names: pending, done, failed).</summary>
public enum QualityState
{
    /// <summary>The output is being analysed (the job itself is done).</summary>
    Pending,

    /// <summary>The report is in the media store.</summary>
    Done,

    /// <summary>The analysis failed; the job stays done (<see cref="QualityStatus.Error"/> says why).</summary>
    Failed,
}

/// <summary>
/// A job's stereo QC in brief: made on the stitcher's silo after the output is published (docs/qc.md). A report with
/// violations is <see cref="Flagged"/>; it never fails the job.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QualityStatus
{
    [Id(0)] public QualityState State { get; init; }

    [Id(1)] public bool Flagged { get; init; }

    /// <summary>Violations found (runs of frames over a limit, and flagged seams).</summary>
    [Id(2)] public int Violations { get; init; }

    /// <summary>Why the analysis failed, in words.</summary>
    [Id(3)] public string? Error { get; init; }

    public string StateName => State.ToString().ToLowerInvariant();
}

/// <summary>The two forms of a job's QC report.</summary>
public enum QualityReportFormat
{
    Json,
    Html,
}
