using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Workers;

/// <summary>Warp + branches + fusion for one attempt of one segment (<see cref="Compute.SegmentRender"/>), on a GPU silo.</summary>
[GpuPlacementFilter]
public sealed class RenderWorkerGrain(IMediaStore store, MediaFiles files, IOptions<FarmOptions> options, GpuSlots slots, ILocalSiloDetails silo, IHostApplicationLifetime lifetime)
    : WorkerGrain(silo), IRenderWorkerGrain
{
    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        Work.Start(work.FrameCount, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            using var slot = await slots.AcquireAsync(ct);
            Work.RestartClock();
            return await files.WithInputAsync(
                work.Input, input => Compute.SegmentRender.RunAsync(work with { Input = input }, store, new StageTimings(), progress, ct, options.Value.BenchmarkStageTime), ct);
        });
        return Task.CompletedTask;
    }
}
