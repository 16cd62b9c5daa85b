using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Catalogs;

/// <summary>A submitted catalog and every title of it.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogStatus
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>The manifest's file name, as submitted.</summary>
    [Id(1)] public string? Manifest { get; init; }

    [Id(2)] public DateTimeOffset SubmittedAt { get; init; }

    [Id(3)] public IReadOnlyList<CatalogTitleStatus> Titles { get; init; } = [];

    /// <summary>Done once every title is in a final state (done, failed or cancelled).</summary>
    public bool IsFinished => Titles.All(t => t.State.IsFinal());

    public int Count(JobState state) => Titles.Count(t => t.State == state);
}
