using SpatialMe.Farm.Segments;

namespace SpatialMe.Farm.Jobs;

/// <summary>A job as its film grain sees it now: progress, ETA, shots and every segment.</summary>
[GenerateSerializer, Immutable]
public sealed record JobStatus
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required JobSpec Spec { get; init; }

    [Id(2)] public JobState State { get; init; }

    [Id(3)] public JobStage Stage { get; init; }

    /// <summary>Why the job failed (or was cancelled), in words a user can act on.</summary>
    [Id(4)] public string? Error { get; init; }

    /// <summary>Frames of the output (the converted range).</summary>
    [Id(5)] public int FramesTotal { get; init; }

    /// <summary>Output frames whose right view is rendered and committed, plus frames stitched, weighted so that
    /// <see cref="Progress"/> is the share of the whole work done.</summary>
    [Id(6)] public int FramesDone { get; init; }

    [Id(7)] public double Progress { get; init; }

    /// <summary>Rendered frames per second over the running time (overlap frames count once).</summary>
    [Id(8)] public double FramesPerSecond { get; init; }

    /// <summary>Estimated time left, from the work left and the rate so far; null until there is a rate.</summary>
    [Id(9)] public TimeSpan? Eta { get; init; }

    [Id(10)] public int ShotCount { get; init; }

    [Id(11)] public IReadOnlyList<SegmentStatus> Segments { get; init; } = [];

    /// <summary>How many segments the job was cut into; kept where <see cref="Segments"/> is left out (the coordinator's
    /// queue keeps each job's last status without its segments, to stay small).</summary>
    [Id(19)] public int SegmentCount { get; init; }

    [Id(12)] public DateTimeOffset SubmittedAt { get; init; }

    [Id(13)] public DateTimeOffset? StartedAt { get; init; }

    [Id(14)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Silos this job no longer sends work to, after repeated failures there.</summary>
    [Id(15)] public IReadOnlyList<string> BlockedSilos { get; init; } = [];

    /// <summary>The depth estimator the render silos used (e.g. cues-v1).</summary>
    [Id(16)] public string? DepthModel { get; init; }

    /// <summary>Wall-clock time spent in each phase (planning, depth, render, stitch), summed over segments.</summary>
    [Id(17)] public IReadOnlyDictionary<string, TimeSpan> StageTimes { get; init; } = new Dictionary<string, TimeSpan>();

    [Id(18)] public int StitchFramesDone { get; init; }

    /// <summary>The stereo QC of the output: null until the job is done (a high id, clear of the fields above).</summary>
    [Id(40)] public QualityStatus? Quality { get; init; }
}
