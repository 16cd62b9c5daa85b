using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Catalogs;

/// <summary>One title of a catalog as the farm sees it now: its job's state and progress, or why it never ran.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogTitleStatus
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public int Line { get; init; }

    /// <summary>The film job converting it; null when the title was refused before a job existed.</summary>
    [Id(2)] public string? JobId { get; init; }

    [Id(3)] public JobState State { get; init; }

    /// <summary>Share of the title's work done, 0–1.</summary>
    [Id(4)] public double Progress { get; init; }

    [Id(5)] public int FramesDone { get; init; }

    [Id(6)] public int FramesTotal { get; init; }

    /// <summary>Input and output as given in the manifest (any URI query removed).</summary>
    [Id(7)] public string? Input { get; init; }

    [Id(8)] public string? Output { get; init; }

    /// <summary>Why the title failed: its manifest row, its input, or its job.</summary>
    [Id(9)] public string? Error { get; init; }
}
