using SpatialMe.Farm.Catalogs;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// A silo's farm settings (configuration section <c>SpatialMe:Farm</c>), with the defaults in one place. Job-level
/// policy (retries, blocklisting, segments in flight) is read by whichever silo hosts the job grain, so every silo
/// of a cluster should share these values.
/// </summary>
public sealed class FarmOptions
{
    public const string SectionName = "SpatialMe:Farm";

    public const int DefaultGpuSlots = 1;
    public const int DefaultSegmentsInFlight = 4;
    public const int DefaultMaxSoftFails = 3;
    public const int DefaultBlocklistThreshold = 2;
    public const int DefaultMaxRunningJobs = 0;
    public const int DefaultMaxLostAttempts = 20;

    /// <summary>This silo's role: <c>gpu</c> silos take depth and render work; <c>cpu</c> silos coordinate and stitch.</summary>
    public string Role { get; set; } = "cpu";

    /// <summary>Depth/render units this silo runs at once (one per GPU, or per share of one).</summary>
    public int GpuSlots { get; set; } = DefaultGpuSlots;

    /// <summary>
    /// Whether CPU silos may take depth and render work while the cluster has no (usable) GPU silo. Off for a
    /// cluster (a CPU silo would crawl through a film); on in the embedded profile, whose one silo does everything.
    /// </summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>Segments of one job in depth or render at once (bounds scratch use and lets several jobs share GPUs).</summary>
    public int SegmentsInFlight { get; set; } = DefaultSegmentsInFlight;

    /// <summary>Failed attempts of one segment after which the job fails (Flamenco's soft-fail count).</summary>
    public int MaxSoftFails { get; set; } = DefaultMaxSoftFails;

    /// <summary>Failures of one job on one silo after which that silo gets no more of the job's work.</summary>
    public int BlocklistThreshold { get; set; } = DefaultBlocklistThreshold;

    /// <summary>Attempts of one segment lost with their silo before the job gives up (a crash loop, not bad luck).</summary>
    public int MaxLostAttempts { get; set; } = DefaultMaxLostAttempts;

    /// <summary>
    /// A fixed cap on jobs running at once (0: none). Admission is always bounded by the GPU slots of the cluster's
    /// usable silos — a job needs a slot to make progress — so with 0 the GPU pool alone decides; the rest wait in the
    /// queue by priority (with aging), then submission time.
    /// </summary>
    public int MaxRunningJobs { get; set; } = DefaultMaxRunningJobs;

    /// <summary>
    /// Waiting time that raises a queued job's priority by one, so a low-priority title never starves behind a stream
    /// of higher-priority ones (15 min: a priority-0 title overtakes fresh priority-4 titles after an hour).
    /// </summary>
    public TimeSpan PriorityAging { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often job and segment grains look at their work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Local folders jobs may read inputs from and write outputs to. Empty: any full path the silos can reach — fine
    /// for one operator, not for a cluster that takes catalogs from several people (set it there).
    /// </summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>URI schemes inputs and outputs may use (blob URIs). <c>http</c> only for an emulator such as Azurite.</summary>
    public List<string> AllowedSchemes { get; set; } = ["https"];

    /// <summary>The allowed roots and schemes, as the check that jobs and manifests go through.</summary>
    public MediaLocations Locations() => new(AllowedRoots, AllowedSchemes);

    /// <summary>
    /// Benchmark mode (null: off): depth and view synthesis each take this fixed time per frame instead of computing,
    /// while decoding, intermediates, scheduling, state and the stitch stay real (<see cref="Benchmarking.FixedTimeStages"/>).
    /// Outputs are not stereo; for tools/bench-farm.sh only.
    /// </summary>
    public TimeSpan? BenchmarkStageTime { get; set; }

    public bool IsGpu => string.Equals(Role, "gpu", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!string.Equals(Role, "gpu", StringComparison.OrdinalIgnoreCase) && !string.Equals(Role, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"role must be 'gpu' or 'cpu', got '{Role}'.");
        }

        Require(GpuSlots >= 1, $"GPU slots must be at least 1, got {GpuSlots}.");
        Require(SegmentsInFlight >= 1, $"segments in flight must be at least 1, got {SegmentsInFlight}.");
        Require(MaxSoftFails >= 1, $"max soft fails must be at least 1, got {MaxSoftFails}.");
        Require(BlocklistThreshold >= 1, $"blocklist threshold must be at least 1, got {BlocklistThreshold}.");
        Require(MaxLostAttempts >= 1, $"max lost attempts must be at least 1, got {MaxLostAttempts}.");
        Require(MaxRunningJobs >= 0, $"max running jobs must not be negative (0 = bounded by GPU slots only), got {MaxRunningJobs}.");
        Require(PriorityAging > TimeSpan.Zero, $"priority aging must be positive, got {PriorityAging}.");
        Require(PollInterval > TimeSpan.Zero, $"poll interval must be positive, got {PollInterval}.");
        Require(BenchmarkStageTime is null || BenchmarkStageTime > TimeSpan.Zero, $"benchmark stage time must be positive, got {BenchmarkStageTime}.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
