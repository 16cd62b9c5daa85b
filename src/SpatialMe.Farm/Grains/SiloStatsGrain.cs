using SpatialMe.Farm.Cluster;
using SpatialMe.Farm.Events;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// The silos' latest reports, held in memory (they are re-sent every few seconds, so nothing is worth persisting).
/// A silo's first report publishes <c>silo.joined</c>; its goodbye, or its absence from the cluster's active members
/// (a silo that died) or a report gone stale, publishes <c>silo.left</c>. After this grain moves, its first reports
/// announce the silos again (a dashboard treats <c>silo.joined</c> as "this silo is here").
/// <para>
/// Each sweep also samples the whole cluster (<see cref="ClusterSample"/>: silos, GPU slots and busy slots, summed
/// frames/s), keeps the last <see cref="HistoryWindow"/> of samples in a bounded ring and publishes each as
/// <c>cluster.sample</c>. In memory on purpose: the history is for watching the farm (the dashboard's cluster charts),
/// so after a move it simply starts empty again; nothing is lost that a job or an operator depends on.
/// </para>
/// </summary>
public sealed class SiloStatsGrain : Grain, ISiloStatsGrain
{
    /// <summary>A silo whose last report is older than this is taken for gone (reports come every 2 s).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>How often the silos are swept and the cluster sampled.</summary>
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How much cluster history is kept (and the most <see cref="HistoryAsync"/> answers).</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromHours(1);

    /// <summary>The most samples kept: one hour of sweeps (720 of them, a few tens of kilobytes).</summary>
    public static readonly int HistoryCapacity = (int)(HistoryWindow / SweepPeriod);

    private readonly Dictionary<string, SiloReport> _silos = [];
    private readonly ClusterHistory _history = new(HistoryWindow, HistoryCapacity);
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

    public Task<IReadOnlyList<ClusterSample>> HistoryAsync(TimeSpan span) => Task.FromResult(_history.Since(DateTimeOffset.UtcNow - span));

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

        Sample(now);
    }

    /// <summary>Records the cluster as the silos present now report it, and publishes the sample.</summary>
    private void Sample(DateTimeOffset now)
    {
        var sample = ClusterSample.Of(now, _silos.Values);
        _history.Add(sample);
        Publish(new FarmEvent
        {
            Type = FarmEventTypes.ClusterSample,
            Time = sample.At,
            Silos = sample.Silos,
            GpuSilos = sample.GpuSilos,
            GpuSlots = sample.GpuSlots,
            BusySlots = sample.BusySlots,
            Fps = sample.FramesPerSecond,
            DepthFps = sample.DepthFramesPerSecond,
        });
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
