using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Segments;

/// <summary>
/// One attempt of one phase of a segment, as the job saw it: which silo ran it, when, and how it ended — the raw
/// material of the dashboard's timeline (which silo did what; retries stay visible as their own bars).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SegmentAttempt
{
    [Id(0)] public WorkPhase Phase { get; init; }

    /// <summary>Attempt number of the phase (1 for the first try).</summary>
    [Id(1)] public int Attempt { get; init; }

    /// <summary>The silo that ran it; null until its first report names one.</summary>
    [Id(2)] public string? Silo { get; init; }

    [Id(3)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the job saw it end; null while it runs.</summary>
    [Id(4)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary><see cref="AttemptOutcome.Running"/> until it ends.</summary>
    [Id(5)] public AttemptOutcome Outcome { get; init; } = AttemptOutcome.Running;

    [Id(6)] public string? Error { get; init; }
}
