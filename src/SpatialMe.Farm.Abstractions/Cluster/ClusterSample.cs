namespace SpatialMe.Farm.Cluster;

/// <summary>
/// The whole cluster at one moment, as <c>ISiloStatsGrain</c> samples it every few seconds from the silos' latest
/// reports (<see cref="SiloReport"/>): how many silos, how many GPU slots there are and how many are busy, and the
/// summed throughput. <c>GET /api/v1/cluster/history</c> answers these, and each is published as <c>cluster.sample</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterSample
{
    [Id(0)] public DateTimeOffset At { get; init; }

    /// <summary>Silos that are active members and have reported within the stale limit.</summary>
    [Id(1)] public int Silos { get; init; }

    /// <summary>Of those, the silos whose role is <c>gpu</c>.</summary>
    [Id(2)] public int GpuSilos { get; init; }

    /// <summary>The GPU slots of every silo (a CPU silo that renders with the CPU fallback declares slots too).</summary>
    [Id(3)] public int GpuSlots { get; init; }

    /// <summary>The slots depth and render units hold now, over all silos.</summary>
    [Id(4)] public int BusySlots { get; init; }

    /// <summary>Output frames rendered per second, summed over the silos (each over its last 30 s).</summary>
    [Id(5)] public double FramesPerSecond { get; init; }

    /// <summary>Frames given depth per second, summed the same way.</summary>
    [Id(6)] public double DepthFramesPerSecond { get; init; }

    /// <summary>The sample of <paramref name="reports"/> (the silos present now) at <paramref name="at"/>; rates to 2 decimals as the silo list gives them.</summary>
    public static ClusterSample Of(DateTimeOffset at, IEnumerable<SiloReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var all = reports.ToList();
        return new ClusterSample
        {
            At = at,
            Silos = all.Count,
            GpuSilos = all.Count(r => r.Role == "gpu"),
            GpuSlots = all.Sum(r => r.GpuSlots),
            BusySlots = all.Sum(r => r.BusySlots),
            FramesPerSecond = Math.Round(all.Sum(r => r.FramesPerSecond), 2),
            DepthFramesPerSecond = Math.Round(all.Sum(r => r.DepthFramesPerSecond), 2),
        };
    }
}
