using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Cluster;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Work;
using SpatialMe.Farm.Workers;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// Reports this silo to <see cref="ISiloStatsGrain"/> every <see cref="Interval"/> (role, GPU slots, busy slots,
/// frames/s, version) and says goodbye when the silo stops. Started after the silo (Orleans registers its own hosted
/// service first), stopped before it.
/// </summary>
internal sealed partial class SiloReporter(
    IGrainFactory grains, ILocalSiloDetails silo, GpuSlots slots, SiloThroughput throughput, IOptions<FarmOptions> options, ILogger<SiloReporter> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private string Address => silo.SiloAddress.ToParsableString();

    public SiloReport Report() => new()
    {
        Silo = Address,
        Role = options.Value.IsGpu ? "gpu" : "cpu",
        GpuSlots = slots.Total,
        BusySlots = slots.Busy,
        FramesPerSecond = throughput.PerSecond(WorkPhase.Render),
        DepthFramesPerSecond = throughput.PerSecond(WorkPhase.Depth),
        FramesRendered = throughput.Rendered,
        Version = FarmVersion.Current,
        ReportedAt = DateTimeOffset.UtcNow,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await grains.GetGrain<ISiloStatsGrain>(ISiloStatsGrain.Key).ReportAsync(Report());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A cluster in motion (the stats grain's silo just died): the next report goes to its new activation.
                LogReportFailed(e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<ISiloStatsGrain>(ISiloStatsGrain.Key).LeavingAsync(Address);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReportFailed(e.GetType().Name); // the others notice it gone from the membership instead
        }

        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo report not delivered ({Error}); trying again on the next period")]
    private partial void LogReportFailed(string error);
}
