using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;

namespace SpatialMe.Farm.Workers;

/// <summary>Depth for one attempt of one segment (<see cref="Compute.SegmentDepth"/>), on a GPU silo.</summary>
[GpuPlacementFilter]
public sealed class DepthWorkerGrain(
    IMediaStore store, MediaFiles files, IDepthEstimator estimator, GpuSlots slots, ILocalSiloDetails silo, IHostApplicationLifetime lifetime)
    : WorkerGrain(silo), IDepthWorkerGrain
{
    protected override string? Model => estimator.Name;

    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        Work.Start(work.FrameCount, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            using var slot = await slots.AcquireAsync(ct);
            Work.RestartClock();
            return await files.WithInputAsync(
                work.Input, input => Compute.SegmentDepth.RunAsync(work with { Input = input }, store, estimator, DepthNormalizerOptions.Default, progress, ct), ct);
        });
        return Task.CompletedTask;
    }
}
