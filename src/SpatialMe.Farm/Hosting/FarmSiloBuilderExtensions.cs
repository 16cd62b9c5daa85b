using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Workers;
using SpatialMe.Stereo.Depth;

namespace SpatialMe.Farm.Hosting;

/// <summary>Makes a silo a farm silo, whatever the profile: grains, GPU placement, slots, media store, depth model, learned models.</summary>
public static class FarmSiloBuilderExtensions
{
    /// <summary>
    /// Adds the farm to <paramref name="silo"/>: declares the silo's accelerator and GPU slots as silo metadata,
    /// registers the GPU placement filter and the slot pool, the media store, the jobs' inputs and outputs
    /// (<paramref name="files"/>; default: local paths only) and the default depth estimator (an
    /// <see cref="IDepthEstimator"/> registered before this call wins). Grain storage named
    /// <see cref="FarmStorage.Name"/> and a reminder service are the profile's to add.
    /// </summary>
    public static ISiloBuilder AddSpatialMeFarm(this ISiloBuilder silo, FarmOptions farm, IMediaStore store, MediaFiles? files = null)
    {
        farm.Validate();
        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [SiloMetadataKeys.Accelerator] = farm.IsGpu ? SiloMetadataKeys.Gpu : SiloMetadataKeys.Cpu,
            [SiloMetadataKeys.GpuSlots] = farm.GpuSlots.ToString(CultureInfo.InvariantCulture),
        });
        silo.Services.AddSingleton(Options.Create(farm));

        // A job's trace context rides along grain calls (docs/telemetry.md).
        silo.AddActivityPropagation();
#pragma warning disable ORLEANSEXP004 // placement filtering is marked experimental in Orleans 10
        silo.Services.AddPlacementFilter<GpuPlacementFilterStrategy, GpuPlacementFilterDirector>(ServiceLifetime.Singleton);
#pragma warning restore ORLEANSEXP004
        silo.Services.AddSingleton<GpuSlots>();
        silo.Services.AddSingleton<SiloThroughput>();
        silo.Services.AddHostedService<SiloReporter>(); // role, slots, frames/s and version to ISiloStatsGrain
        silo.Services.AddSingleton<ClusterCapacity>();
        silo.Services.AddSingleton<IMediaStore>(new Telemetry.MeteredMediaStore(store));
        silo.Services.AddSingleton(files ?? new MediaFiles(null, Path.Combine(Path.GetTempPath(), "spatialme-work")));
        if (farm.BenchmarkStageTime is { } perFrame)
        {
            silo.Services.AddSingleton<IDepthEstimator>(new Benchmarking.FixedTimeDepthEstimator(perFrame));
        }

        silo.Services.TryAddSingleton<IDepthEstimator>(_ => new CueDepthEstimator());

        // Grain-level statistics (activations, calls, latencies) for the web host's /orleans page; every silo collects.
        silo.AddDashboard();

        // The models jobs name are loaded on the silo that runs them, on its GPU where it is a GPU silo with CUDA.
        silo.Services.TryAddSingleton(_ => new Compute.FarmModels(farm.IsGpu));
        return silo;
    }

    /// <summary>The embedded profile's persistence: grain state as JSON files under <paramref name="folder"/>.</summary>
    public static ISiloBuilder AddFarmFileStorage(this ISiloBuilder silo, string folder)
    {
        silo.Services.AddGrainStorage(FarmStorage.Name, (_, _) => new FileGrainStorage(folder));
        return silo;
    }
}
