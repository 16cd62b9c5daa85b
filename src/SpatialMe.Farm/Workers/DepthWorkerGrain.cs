using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// Depth for one attempt of one segment (<see cref="Compute.SegmentDepth"/>), on a GPU silo: with the job's depth
/// model where it names one (loaded on this silo, <see cref="FarmModels"/>), else the silo's default estimator.
/// </summary>
[GpuPlacementFilter]
public sealed class DepthWorkerGrain(
    IMediaStore store, MediaFiles files, IDepthEstimator estimator, FarmModels models, IOptions<FarmOptions> options, GpuSlots slots, SiloThroughput throughput, ILocalSiloDetails silo, IHostApplicationLifetime lifetime, ILogger<DepthWorkerGrain> logger)
    : WorkerGrain(silo, logger), IDepthWorkerGrain
{
    private IDepthEstimator? _current;

    protected override string? Model => (_current ?? estimator).Name;

    public Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default)
    {
        Work.Start(work.FrameCount, lifetime.ApplicationStopping, (progress, ct) => ComputeAsync("depth", work, slots, progress, ct, (timings, counting) =>
        {
            // Benchmark mode times the farm around a fixed-cost stage, whatever model the job names.
            var chosen = options.Value.BenchmarkStageTime is null ? models.DepthEstimator(work.Models) ?? estimator : estimator;
            _current = chosen;
            return files.WithInputAsync(
                work.Input, input => Compute.SegmentDepth.RunAsync(work with { Input = input }, store, chosen, DepthNormalizerOptions.Default, throughput.Metered(WorkPhase.Depth, counting), ct, timings), ct);
        }));
        return Task.CompletedTask;
    }
}
