namespace SpatialMe.Capacity.Planning;

/// <summary>
/// What the grains keep in Redis and how often they write it. Every grain state is one Redis hash (the serialized
/// state and its ETag) written whole by a script (EVALSHA) on every <c>WriteStateAsync</c>, and never deleted when a
/// job ends. Measured on 2026-11-26 with <c>tools/measure-farm-io.sh</c> against a real redis-server 7 (Debian 12
/// VM, 2 cores, AMD EPYC): one title of 100 frames, 2 shots, once cut into 6 segments (<c>1280 720 24 4</c>, real
/// compute) and once into 12 (<c>640 360 10 2</c>, <c>MEASURE_SILO_ARGS="--benchmark-stage-ms 20"</c>); sizes are
/// Redis's MEMORY USAGE of each key after the job, write counts INFO commandstats over the job.
/// </summary>
public sealed record StateCosts
{
    /// <summary>
    /// Coordinator writes per title: queued, admitted, finished (CoordinatorGrain: SubmitAsync and the tick that
    /// admits or sees a job end). With the counts below the model gives 55 and 103 writes for the two runs; Redis
    /// counted 55 and 102 (101 in a repeat).
    /// </summary>
    public double CoordinatorWritesPerTitle { get; init; } = 3;

    /// <summary>One write per catalog at submission (CatalogGrain); nothing per title afterwards (the 2-title catalog: 209 writes, the model 207).</summary>
    public double CatalogWritesPerTitle { get; init; }

    /// <summary>Film job writes independent of segments: started, planned, stitch started, finished.</summary>
    public double JobWritesPerTitle { get; init; } = 4;

    /// <summary>
    /// Film job writes per segment: the tick writes when anything changed, so a phase's end and the next dispatch
    /// share a write — about two per segment (depth started; depth done with render started; render done with others).
    /// </summary>
    public double JobWritesPerSegment { get; init; } = 2;

    /// <summary>Segment grain writes: per phase the attempt's start, the silo that took it, and its end (SegmentGrain).</summary>
    public double SegmentWritesPerSegment { get; init; } = 6;

    /// <summary>The film job's state without segments (spec, plan, clocks): 8,480 − 6 × 1,024 bytes.</summary>
    public double JobStateBaseBytes { get; init; } = 2_336;

    /// <summary>Per segment in the job's state (its track and two attempts): (14,624 − 8,480) / 6 bytes.</summary>
    public double JobStateBytesPerSegment { get; init; } = 1_024;

    /// <summary>One segment grain's state (MEMORY USAGE 1,328 bytes in both runs).</summary>
    public double SegmentStateBytes { get; init; } = 1_328;

    /// <summary>The coordinator's hash without jobs: 2,848 bytes with one job less the per-job figure below.</summary>
    public double CoordinatorStateBaseBytes { get; init; } = 288;

    /// <summary>
    /// One queue entry (spec, state, submission time, last status): the coordinator took 2,848 bytes with one job and
    /// 5,408 with two (a 2-title catalog, <c>MEASURE_CATALOG=2</c>); 2,182 and 4,373 bytes of JSON.
    /// </summary>
    public double CoordinatorBytesPerJob { get; init; } = 2_560;

    public double CatalogStateBaseBytes { get; init; }

    /// <summary>
    /// One catalog title (id, manifest line, spec, job id): the 2-title catalog's hash took 1,824 bytes (1,341 of
    /// JSON), all counted to its titles — an upper bound.
    /// </summary>
    public double CatalogBytesPerTitle { get; init; } = 912;

    /// <summary>One silo's membership row (287 bytes of data; the 2-silo hash took 960 bytes).</summary>
    public double MembershipBytesPerSilo { get; init; } = 480;

    /// <summary>Redis's own memory with the cluster up and no job (used_memory before the job: 1.46 MB).</summary>
    public double BaseMemoryBytes { get; init; } = 1_465_992;

    /// <summary>Each silo's IAmAlive write period (ClusterHosts sets 10 s).</summary>
    public double MembershipHeartbeatSeconds { get; init; } = 10;

    /// <summary>Membership and reminder reads per heartbeat (HGETALL, EVAL, ZRANGEBYLEX over the runs: 2.7 to 4.2).</summary>
    public double MembershipReadsPerHeartbeat { get; init; } = 4;

    /// <summary>The memory Redis may use (its container's limit, less headroom for fork on save). An input, not a measurement.</summary>
    public double RedisMemoryBudgetBytes { get; init; } = 8e9;

    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            ("coordinator writes per title", CoordinatorWritesPerTitle), ("catalog writes per title", CatalogWritesPerTitle),
            ("job writes per title", JobWritesPerTitle), ("job writes per segment", JobWritesPerSegment),
            ("segment writes per segment", SegmentWritesPerSegment), ("job state bytes", JobStateBaseBytes),
            ("job state bytes per segment", JobStateBytesPerSegment), ("segment state bytes", SegmentStateBytes),
            ("coordinator state bytes", CoordinatorStateBaseBytes), ("coordinator bytes per job", CoordinatorBytesPerJob),
            ("catalog state bytes", CatalogStateBaseBytes), ("catalog bytes per title", CatalogBytesPerTitle),
            ("membership bytes per silo", MembershipBytesPerSilo), ("base memory", BaseMemoryBytes),
            ("membership reads per heartbeat", MembershipReadsPerHeartbeat),
        })
        {
            CatalogSpec.Require(value >= 0, $"{name} must not be negative, got {value}.");
        }

        CatalogSpec.Require(MembershipHeartbeatSeconds > 0, $"membership heartbeat must be positive, got {MembershipHeartbeatSeconds} s.");
        CatalogSpec.Require(RedisMemoryBudgetBytes > 0, $"Redis memory budget must be positive, got {RedisMemoryBudgetBytes}.");
    }
}
