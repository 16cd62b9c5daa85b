namespace SpatialMe.Farm.Events;

/// <summary>
/// One event of the farm's live stream (<c>GET /api/v1/events</c>, docs/api.md): flat and self-describing — every
/// event names its <see cref="Type"/>, and only the fields that type uses are set (the JSON leaves the others out).
/// <see cref="Id"/> is given by <c>IFarmEventsGrain</c> when it accepts the event, increasing across the cluster.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FarmEvent
{
    [Id(0)] public long Id { get; init; }

    /// <summary>One of <see cref="FarmEventTypes"/>.</summary>
    [Id(1)] public required string Type { get; init; }

    [Id(2)] public DateTimeOffset Time { get; init; }

    /// <summary>The job id (job and segment events).</summary>
    [Id(3)] public string? Job { get; init; }

    /// <summary>The job's state, as in the API: queued, running, done, failed, cancelled.</summary>
    [Id(4)] public string? State { get; init; }

    /// <summary>The job's stage (job events: waiting, planning, rendering, stitching, finished) or the segment's
    /// (segment events: pending, depth, depth-done, render, done, failed).</summary>
    [Id(5)] public string? Stage { get; init; }

    [Id(6)] public double? Progress { get; init; }

    [Id(7)] public int? FramesDone { get; init; }

    [Id(8)] public int? FramesTotal { get; init; }

    /// <summary>Job events: the job's frames/s; <c>cluster.sample</c>: frames rendered per second over all silos.</summary>
    [Id(9)] public double? Fps { get; init; }

    /// <summary>Seconds left (null until there is a rate).</summary>
    [Id(10)] public double? Eta { get; init; }

    [Id(11)] public int? Segment { get; init; }

    [Id(12)] public int? Shot { get; init; }

    /// <summary>The silo's address (segment events: the silo of the latest attempt; silo events: the silo).</summary>
    [Id(13)] public string? Silo { get; init; }

    [Id(14)] public int? Attempt { get; init; }

    /// <summary>Why: a segment attempt's failure, a job's error, a silo's leaving.</summary>
    [Id(15)] public string? Reason { get; init; }

    /// <summary>Silo events: <c>gpu</c> or <c>cpu</c>.</summary>
    [Id(16)] public string? Role { get; init; }

    /// <summary>Silo events: the silo's GPU slots; <c>cluster.sample</c>: every silo's.</summary>
    [Id(17)] public int? GpuSlots { get; init; }

    [Id(18)] public string? Version { get; init; }

    /// <summary><c>cluster.sample</c>: the silos present (active and reporting).</summary>
    [Id(19)] public int? Silos { get; init; }

    /// <summary><c>cluster.sample</c>: of those, the GPU silos.</summary>
    [Id(20)] public int? GpuSilos { get; init; }

    /// <summary><c>cluster.sample</c>: the GPU slots held by depth and render units now.</summary>
    [Id(21)] public int? BusySlots { get; init; }

    /// <summary><c>cluster.sample</c>: frames given depth per second over all silos.</summary>
    [Id(22)] public double? DepthFps { get; init; }

    /// <summary>Whether the event concerns <paramref name="jobId"/> (the stream's <c>?job=</c> filter).</summary>
    public bool IsAbout(string jobId) => string.Equals(Job, jobId, StringComparison.Ordinal);
}

/// <summary>The names of the events in the farm's live stream (the SSE <c>event:</c> field and <see cref="FarmEvent.Type"/>).</summary>
public static class FarmEventTypes
{
    /// <summary>A running job's progress: state, stage, progress, framesDone, framesTotal, fps, eta (at most a few a second per job).</summary>
    public const string JobProgress = "job.progress";

    /// <summary>A job changed state (queued, running, done, failed, cancelled); reason: its error.</summary>
    public const string JobState = "job.state";

    /// <summary>A done job's stereo QC report was made (state: done) or its analysis failed (state: failed, reason: why).</summary>
    public const string JobQc = "job.qc";

    /// <summary>A segment changed stage: segment, shot, stage, silo, attempt.</summary>
    public const string SegmentStage = "segment.stage";

    /// <summary>An attempt of a segment failed or was lost (it is retried unless the job failed): reason says why.</summary>
    public const string SegmentFailed = "segment.failed";

    public const string SiloJoined = "silo.joined";

    public const string SiloLeft = "silo.left";

    /// <summary>The cluster every few seconds (not about a job: a <c>?job=</c> stream leaves it out): silos, gpuSilos,
    /// gpuSlots, busySlots, fps (rendered frames/s), depthFps; time is when it was sampled.</summary>
    public const string ClusterSample = "cluster.sample";

    /// <summary>The stream cannot resume from the client's last event id: reload the state over REST.</summary>
    public const string Reset = "reset";
}
