using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Grains;

/// <summary>A segment's persisted state: its work, what is committed, and the latest attempt.</summary>
[GenerateSerializer]
public sealed class SegmentGrainState
{
    [Id(0)] public SegmentWork? Work { get; set; }

    [Id(1)] public WorkPhase Phase { get; set; }

    [Id(2)] public int Attempt { get; set; }

    [Id(3)] public AttemptOutcome Outcome { get; set; }

    [Id(4)] public string? Silo { get; set; }

    [Id(5)] public string? Error { get; set; }

    [Id(6)] public bool DepthCommitted { get; set; }

    [Id(7)] public bool ViewsCommitted { get; set; }

    [Id(8)] public int DepthRuns { get; set; }

    [Id(9)] public int RenderRuns { get; set; }

    [Id(10)] public TimeSpan DepthTime { get; set; }

    [Id(11)] public TimeSpan RenderTime { get; set; }

    [Id(12)] public string? Model { get; set; }
}
