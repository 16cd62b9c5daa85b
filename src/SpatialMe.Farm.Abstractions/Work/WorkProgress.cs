namespace SpatialMe.Farm.Work;

/// <summary>The state of a unit of background work in a worker grain.</summary>
[GenerateSerializer]
public enum WorkState
{
    /// <summary>This activation holds no work: never started, or the activation that ran it is gone.</summary>
    Idle = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,

    /// <summary>
    /// The silo running the work is shutting down (SIGTERM, a rolling restart, a drained node) and stopped it: the work
    /// goes to another silo. Not a failure of the work, so it counts as lost, not against the job's soft-fail limits.
    /// </summary>
    HandedBack = 4,
}

/// <summary>What a worker reports when polled: state, frames done, which silo, and the error if it failed.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkProgress
{
    [Id(0)] public WorkState State { get; init; }

    [Id(1)] public int FramesDone { get; init; }

    [Id(2)] public int FramesTotal { get; init; }

    /// <summary>The silo the work runs on (its address, as membership names it).</summary>
    [Id(3)] public string? Silo { get; init; }

    [Id(4)] public string? Error { get; init; }

    [Id(5)] public TimeSpan Elapsed { get; init; }

    /// <summary>Set where the output was already committed by an earlier attempt, so nothing was recomputed.</summary>
    [Id(6)] public bool Reused { get; init; }

    /// <summary>The model or method that did the work (the depth estimator's id, e.g. cues-v1).</summary>
    [Id(7)] public string? Model { get; init; }

    public static WorkProgress Idle { get; } = new();
}
