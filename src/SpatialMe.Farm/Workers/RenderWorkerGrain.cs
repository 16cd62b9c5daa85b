using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// Warp + branches + fusion for one attempt of one segment (<see cref="Compute.SegmentRender"/>), on a GPU silo: the
/// fusion is the job's refiner where it names one (loaded on this silo, <see cref="FarmModels"/>), else rule-based.
/// </summary>
[GpuPlacementFilter]
public sealed class RenderWorkerGrain(
    IMediaStore store, MediaFiles files, FarmModels models, IOptions<FarmOptions> options, GpuSlots slots, SiloThroughput throughput, ILocalSiloDetails silo, IHostApplicationLifetime lifetime, ILogger<RenderWorkerGrain> logger)
    : WorkerGrain(silo, logger), IRenderWorkerGrain
{
    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        Work.Start(work.FrameCount, lifetime.ApplicationStopping, (progress, ct) => ComputeAsync("render", work, slots, progress, ct, (timings, counting) =>
        {
            var refiner = options.Value.BenchmarkStageTime is null ? models.Refiner(work.Models) : null;
            return files.WithInputAsync(
                work.Input, input => Compute.SegmentRender.RunAsync(work with { Input = input }, store, timings, throughput.Metered(WorkPhase.Render, counting), ct, options.Value.BenchmarkStageTime, refiner), ct);
        }));
        return Task.CompletedTask;
    }
}
