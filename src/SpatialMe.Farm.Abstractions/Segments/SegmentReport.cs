using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Segments;

/// <summary>A segment grain's account of itself: what is committed, and how the latest attempt is going.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentReport
{
    [Id(0)] public int Index { get; init; }

    [Id(1)] public WorkPhase Phase { get; init; }

    [Id(2)] public int Attempt { get; init; }

    [Id(3)] public AttemptOutcome Outcome { get; init; }

    [Id(4)] public string? Silo { get; init; }

    [Id(5)] public string? Error { get; init; }

    [Id(6)] public int FramesDone { get; init; }

    [Id(7)] public bool DepthCommitted { get; init; }

    [Id(8)] public bool ViewsCommitted { get; init; }

    [Id(9)] public int DepthRuns { get; init; }

    [Id(10)] public int RenderRuns { get; init; }

    [Id(11)] public TimeSpan DepthTime { get; init; }

    [Id(12)] public TimeSpan RenderTime { get; init; }

    /// <summary>The depth estimator that produced the segment's depth.</summary>
    [Id(13)] public string? Model { get; init; }
}
