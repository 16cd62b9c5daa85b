using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;

namespace SpatialMe.Farm.Grains;

/// <summary>A film job's persisted state: the spec, the plan, every segment's track, failures and blocklist.</summary>
[GenerateSerializer]
public sealed class FilmJobGrainState
{
    [Id(0)] public JobSpec? Spec { get; set; }

    [Id(1)] public JobState State { get; set; }

    [Id(2)] public JobStage Stage { get; set; }

    [Id(3)] public string? Error { get; set; }

    [Id(4)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(5)] public DateTimeOffset? StartedAt { get; set; }

    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(7)] public PlanRecord? Plan { get; set; }

    [Id(8)] public List<SegmentTrack> Segments { get; set; } = [];

    [Id(9)] public List<int> AlignedShots { get; set; } = [];

    /// <summary>Failed attempts of this job per silo (address).</summary>
    [Id(10)] public Dictionary<string, int> FailuresBySilo { get; set; } = [];

    [Id(11)] public List<string> BlockedSilos { get; set; } = [];

    [Id(12)] public int StitchAttempt { get; set; }

    [Id(13)] public string? DepthModel { get; set; }

    /// <summary>Incremented each time a finished job is submitted again and starts from scratch.</summary>
    [Id(14)] public int Generation { get; set; }

    [Id(15)] public TimeSpan PlanningTime { get; set; }

    [Id(16)] public TimeSpan StitchTime { get; set; }

    /// <summary>Stitch attempts made before the last resume (a retry gives the stitch a fresh set of attempts).</summary>
    [Id(17)] public int StitchAttemptsBefore { get; set; }

    /// <summary>The output's stereo QC, once the job is done (ids kept clear of the fields above).</summary>
    [Id(40)] public QualityStatus? Quality { get; set; }

    [Id(41)] public int QualityAttempt { get; set; }

    /// <summary>The W3C traceparent of this run's root span: every span of the run, on any silo, is in its trace.</summary>
    [Id(18)] public string? TraceParent { get; set; }
}

/// <summary>The persisted plan: the converted range of the probed input, its shots.</summary>
[GenerateSerializer]
public sealed class PlanRecord
{
    [Id(0)] public int Width { get; set; }

    [Id(1)] public int Height { get; set; }

    [Id(2)] public int FrameCount { get; set; }

    [Id(3)] public int StartFrame { get; set; }

    [Id(4)] public int EndFrame { get; set; }

    [Id(5)] public List<ShotRecord> Shots { get; set; } = [];
}

[GenerateSerializer]
public sealed class ShotRecord
{
    [Id(0)] public int Start { get; set; }

    [Id(1)] public int End { get; set; }

    /// <summary>How the shot begins (start, cut, dissolve, fade).</summary>
    [Id(2)] public string Transition { get; set; } = "";
}

/// <summary>The job's view of one segment: range, stage, attempts and failures.</summary>
[GenerateSerializer]
public sealed class SegmentTrack
{
    [Id(0)] public int Index { get; set; }

    [Id(1)] public int Shot { get; set; }

    [Id(2)] public int Start { get; set; }

    [Id(3)] public int End { get; set; }

    [Id(4)] public SegmentStage Stage { get; set; }

    /// <summary>Attempt number of the current phase.</summary>
    [Id(5)] public int Attempt { get; set; }

    [Id(6)] public int SoftFails { get; set; }

    [Id(7)] public int Lost { get; set; }

    [Id(8)] public string? Silo { get; set; }

    [Id(9)] public string? LastError { get; set; }

    [Id(10)] public int DepthRuns { get; set; }

    [Id(11)] public int RenderRuns { get; set; }

    [Id(12)] public TimeSpan DepthTime { get; set; }

    [Id(13)] public TimeSpan RenderTime { get; set; }

    /// <summary>Attempts started over all phases.</summary>
    [Id(14)] public int Attempts { get; set; }

    /// <summary>Every attempt of every phase, oldest first: which silo ran what, when, and how it ended.</summary>
    [Id(15)] public List<SegmentAttempt> History { get; set; } = [];

    public int FrameCount => End - Start;
}
