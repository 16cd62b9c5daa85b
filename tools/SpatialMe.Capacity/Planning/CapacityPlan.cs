namespace SpatialMe.Capacity.Planning;

/// <summary>The capacity a catalog takes by its deadline: pools, Redis and blob, with the figures they rest on.</summary>
public sealed record CapacityPlan
{
    public required CatalogSpec Catalog { get; init; }

    // One title as the farm plans it.
    public required long FramesPerTitle { get; init; }

    public required long ShotsPerTitle { get; init; }

    public required long SegmentsPerTitle { get; init; }

    /// <summary>Frames depth and render compute, overlaps counted twice.</summary>
    public required long FramesComputedPerTitle { get; init; }

    // Pools.
    public required double GpuSlotHoursPerTitle { get; init; }

    public required double GpuSlotHoursTotal { get; init; }

    public required int GpuSlots { get; init; }

    public required int GpuSilos { get; init; }

    public required double CpuCoreHoursTotal { get; init; }

    public required int CpuSilos { get; init; }

    /// <summary>Titles that finish per hour at the planned pool sizes (the catalog over the deadline).</summary>
    public required double TitlesPerHour { get; init; }

    // Redis.
    public required long StateWritesTotal { get; init; }

    public required double StateWritesPerSecond { get; init; }

    /// <summary>Redis operations per second: state writes, grain activations' reads, membership heartbeats and reads.</summary>
    public required double RedisOpsPerSecond { get; init; }

    /// <summary>Bytes per second sent to Redis by state writes (every write stores the grain's whole state).</summary>
    public required double StateWriteBytesPerSecond { get; init; }

    /// <summary>Redis memory once every title is done (grain state is kept: coordinator, catalog, jobs, segments).</summary>
    public required double RedisMemoryBytes { get; init; }

    /// <summary>The largest single value: the coordinator's queue, one entry per title, rewritten on every change.</summary>
    public required double CoordinatorStateBytes { get; init; }

    /// <summary>A film job's state at the end: its plan and every segment's track with its attempts.</summary>
    public required double JobStateBytes { get; init; }

    // Blob.
    public required double BlobBytesWrittenTotal { get; init; }

    public required double BlobBytesReadTotal { get; init; }

    public required double BlobWriteBitsPerSecond { get; init; }

    public required double BlobReadBitsPerSecond { get; init; }

    /// <summary>Whole downloads of a title's input: its planning silo, its stitching silo, and the GPU silos its segments ran on.</summary>
    public required double BlobInputCopiesPerTitle { get; init; }

    /// <summary>Input copies a GPU silo keeps in its scratch folder by the end (a blob input's local copy is never evicted).</summary>
    public required double InputCacheBytesPerGpuSilo { get; init; }

    /// <summary>Intermediates (depth, views) in the store at once: the running titles' (one per GPU slot at most); a done job deletes its own.</summary>
    public required double BlobIntermediatesPeakBytes { get; init; }

    /// <summary>Where the plan reaches a limit of this design, in words (empty: none).</summary>
    public required IReadOnlyList<string> Limits { get; init; }
}
