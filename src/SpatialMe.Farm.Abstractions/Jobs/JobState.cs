namespace SpatialMe.Farm.Jobs;

/// <summary>Where a job is in its life; the names are the API's (<c>queued</c>, <c>running</c>, …).</summary>
[GenerateSerializer]
public enum JobState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>What a running job is doing now.</summary>
[GenerateSerializer]
public enum JobStage
{
    Waiting = 0,
    Planning = 1,
    Rendering = 2,
    Stitching = 3,
    Finished = 4,
}

public static class JobStates
{
    public static bool IsFinal(this JobState state) => state is JobState.Done or JobState.Failed or JobState.Cancelled;

    public static string ToApiName(this JobState state) => state.ToString().ToLowerInvariant();

    public static string ToApiName(this JobStage stage) => stage.ToString().ToLowerInvariant();
}
