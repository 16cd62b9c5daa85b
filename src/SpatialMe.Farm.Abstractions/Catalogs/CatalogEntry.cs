using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Catalogs;

/// <summary>
/// One row of a submitted manifest: a title to convert (<see cref="Spec"/>), or a row the manifest check rejected
/// (<see cref="Rejection"/>), kept so that the catalog's status shows it failed and why.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CatalogEntry
{
    /// <summary>The title's id in the manifest (for a rejected row without a usable id: "line-N").</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The manifest line the row starts on.</summary>
    [Id(1)] public int Line { get; init; }

    [Id(2)] public JobSpec? Spec { get; init; }

    [Id(3)] public string? Rejection { get; init; }
}
