namespace SpatialMe.Farm.Work;

/// <summary>A film job's instruction to a segment grain: run this phase, as this attempt, avoiding these silos.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrder
{
    [Id(0)] public required SegmentWork Work { get; init; }

    [Id(1)] public required WorkPhase Phase { get; init; }

    /// <summary>Attempt number of this phase (1 = first try). A new attempt gets a new worker activation, placed
    /// afresh.</summary>
    [Id(2)] public required int Attempt { get; init; }

    /// <summary>Silo addresses the job has blocklisted: placement never puts this attempt there.</summary>
    [Id(3)] public IReadOnlyList<string> BlockedSilos { get; init; } = [];
}
