using SpatialMe.Farm.Cluster;
using SpatialMe.Farm.Events;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// The silos' latest reports, held in memory (they are re-sent every few seconds, so nothing is worth persisting).
/// A silo's first report publishes <c>silo.joined</c>; its goodbye, or its absence from the cluster's active members
/// (a silo that died) or a report gone stale, publishes <c>silo.left</c>. After this grain moves, its first reports
/// announce the silos again (a dashboard treats <c>silo.joined</c> as "this silo is here").
/// </summary>
public sealed class SiloStatsGrain : Grain, ISiloStatsGrain
{
    /// <summary>A silo whose last report is older than this is taken for gone (reports come every 2 s).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, SiloReport> _silos = [];
    private IGrainTimer? _sweep;

    public Task ReportAsync(SiloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var joined = !_silos.ContainsKey(report.Silo);
        _silos[report.Silo] = report with { ReportedAt = DateTimeOffset.UtcNow };
        if (joined)
        {
            Publish(new FarmEvent
            {
                Type = FarmEventTypes.SiloJoined,
                Silo = report.Silo,
                Role = report.Role,
                GpuSlots = report.GpuSlots,
                Version = report.Version,
            });
        }

        _sweep ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions { DueTime = SweepPeriod, Period = SweepPeriod, Interleave = false });
        return Task.CompletedTask;
    }

    public Task LeavingAsync(string silo)
    {
        Leave(silo, "the silo shut down");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloReport>> ListAsync() => Task.FromResult<IReadOnlyList<SiloReport>>([.. _silos.Values]);

    private async Task SweepAsync(CancellationToken ct)
    {
        var active = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Select(a => a.ToParsableString()).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        foreach (var (silo, report) in _silos.ToList())
        {
            if (!active.Contains(silo))
            {
                Leave(silo, "no longer an active member of the cluster (it died or was declared dead)");
            }
            else if (now - report.ReportedAt > StaleAfter)
            {
                Leave(silo, $"no report for {StaleAfter.TotalSeconds:0} s");
            }
        }
    }

    private void Leave(string silo, string reason)
    {
        if (_silos.Remove(silo, out var report))
        {
            Publish(new FarmEvent { Type = FarmEventTypes.SiloLeft, Silo = silo, Role = report.Role, GpuSlots = report.GpuSlots, Reason = reason });
        }
    }

    private void Publish(FarmEvent e) => _ = GrainFactory.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key).PublishAsync(e);
}
