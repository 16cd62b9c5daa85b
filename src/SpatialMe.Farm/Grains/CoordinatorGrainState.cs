using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Grains;

/// <summary>The coordinator's persisted queue: every job, its spec, priority, submission time and state.</summary>
[GenerateSerializer]
public sealed class CoordinatorGrainState
{
    [Id(0)] public Dictionary<string, QueueEntry> Jobs { get; set; } = [];

    /// <summary>Every catalog id submitted to this cluster, oldest first (the API and dashboard list them).</summary>
    [Id(1)] public List<string> Catalogs { get; set; } = [];
}

[GenerateSerializer]
public sealed class QueueEntry
{
    [Id(0)] public JobSpec? Spec { get; set; }

    [Id(1)] public JobState State { get; set; }

    [Id(2)] public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The job's status as last seen (without its segment list), for listings.</summary>
    [Id(3)] public JobStatus? LastStatus { get; set; }
}
