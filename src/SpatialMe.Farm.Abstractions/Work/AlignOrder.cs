namespace SpatialMe.Farm.Work;

/// <summary>Align one shot: its segments (in order) whose depth is committed, and where the alignment goes.</summary>
[GenerateSerializer, Immutable]
public sealed record AlignOrder
{
    [Id(0)] public required string JobId { get; init; }

    [Id(1)] public required int Shot { get; init; }

    [Id(2)] public required IReadOnlyList<SegmentWork> Segments { get; init; }

    [Id(3)] public required string AlignKey { get; init; }
}

/// <summary>The seam fits of an aligned shot, for progress and diagnostics (the alignment itself is in the store).</summary>
[GenerateSerializer, Immutable]
public sealed record AlignReport
{
    [Id(0)] public int Shot { get; init; }

    /// <summary>Scale and shift fitted at each seam (next segment onto the previous), in shot order.</summary>
    [Id(1)] public IReadOnlyList<double> SeamScales { get; init; } = [];

    [Id(2)] public IReadOnlyList<double> SeamShifts { get; init; } = [];
}
