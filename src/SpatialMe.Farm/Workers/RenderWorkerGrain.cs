using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Workers;

/// <summary>Warp + branches + fusion for one attempt of one segment (<see cref="SegmentRender"/>), on a GPU silo.</summary>
[GpuPlacementFilter]
public sealed class RenderWorkerGrain(IMediaStore store, GpuSlots slots, ILocalSiloDetails silo, IHostApplicationLifetime lifetime)
    : Grain, IRenderWorkerGrain
{
    private readonly BackgroundWork _work = new();

    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        _work.Start(work.FrameCount, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            using var slot = await slots.AcquireAsync(ct);
            _work.RestartClock();
            return await Compute.SegmentRender.RunAsync(work, store, new StageTimings(), progress, ct);
        });
        return Task.CompletedTask;
    }

    public Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_work.Progress(silo.SiloAddress.ToParsableString()));

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
