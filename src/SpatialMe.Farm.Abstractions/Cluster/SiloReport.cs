namespace SpatialMe.Farm.Cluster;

/// <summary>What a silo says of itself every few seconds (<c>ISiloStatsGrain</c>): its declared role and GPU slots,
/// the slots its workers hold now, its recent throughput and its version.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloReport
{
    /// <summary>The silo's address as the farm writes it elsewhere (segments' silo): <c>SiloAddress.ToParsableString()</c>.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary><c>gpu</c> or <c>cpu</c> (its silo metadata).</summary>
    [Id(1)] public required string Role { get; init; }

    [Id(2)] public int GpuSlots { get; init; }

    [Id(3)] public int BusySlots { get; init; }

    /// <summary>Output frames rendered per second over the last half minute (or since the silo started, if later).</summary>
    [Id(4)] public double FramesPerSecond { get; init; }

    /// <summary>Frames given depth per second, over the same window.</summary>
    [Id(5)] public double DepthFramesPerSecond { get; init; }

    /// <summary>Frames rendered since the silo started.</summary>
    [Id(6)] public long FramesRendered { get; init; }

    /// <summary>The silo's farm version (assembly informational version).</summary>
    [Id(7)] public required string Version { get; init; }

    [Id(8)] public DateTimeOffset ReportedAt { get; init; }
}
