using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Grains;

/// <summary>A catalog's persisted titles: what each is, its job, or why it never got one.</summary>
[GenerateSerializer]
public sealed class CatalogGrainState
{
    [Id(0)] public string? Manifest { get; set; }

    [Id(1)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(2)] public List<CatalogTitleState> Titles { get; set; } = [];
}

[GenerateSerializer]
public sealed class CatalogTitleState
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public int Line { get; set; }

    [Id(2)] public JobSpec? Spec { get; set; }

    /// <summary>The film job, once queued.</summary>
    [Id(3)] public string? JobId { get; set; }

    /// <summary>Why the title failed before it had a job (a bad manifest row, a refused location, a missing input).</summary>
    [Id(4)] public string? Refusal { get; set; }
}
