using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;

namespace SpatialMe.Farm.Workers;

/// <summary>Depth for one attempt of one segment (<see cref="SegmentDepth"/>), on a GPU silo.</summary>
[GpuPlacementFilter]
public sealed class DepthWorkerGrain(
    IMediaStore store, IDepthEstimator estimator, GpuSlots slots, ILocalSiloDetails silo, IHostApplicationLifetime lifetime)
    : Grain, IDepthWorkerGrain
{
    private readonly BackgroundWork _work = new();

    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        _work.Start(work.FrameCount, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            using var slot = await slots.AcquireAsync(ct);
            _work.RestartClock();
            return await Compute.SegmentDepth.RunAsync(work, store, estimator, DepthNormalizerOptions.Default, progress, ct);
        });
        return Task.CompletedTask;
    }

    public Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_work.Progress(silo.SiloAddress.ToParsableString(), estimator.Name));

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        _work.Cancel();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _work.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
