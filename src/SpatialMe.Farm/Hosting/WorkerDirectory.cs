using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime.GrainDirectory;
using SpatialMe.Farm.Workers;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// Puts the GPU worker grains (<see cref="WorkerGrain"/>) of a cluster in a grain directory kept in Redis.
/// </summary>
/// <remarks>
/// Why: with the in-cluster directory, the death of one silo takes with it the directory entries it held, and Orleans
/// then deactivates every activation elsewhere whose entry was there — a GPU worker on a healthy silo, minutes into a
/// segment, would be cancelled and its segment computed again for a failure that was never its own. Entries in Redis
/// outlive any silo, so a worker ends only with its own silo (whose entries the directory drops when membership
/// declares it dead). Only the workers move: every other grain keeps the in-cluster directory, which needs no round
/// trip to Redis to place them.
/// </remarks>
internal sealed class WorkerDirectory(IServiceProvider services, GrainClassMap classes) : IGrainDirectoryResolver
{
    /// <summary>The name the Redis directory is registered under.</summary>
    public const string Name = "spatialme-workers";

    private IGrainDirectory? _directory;

    public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties, [NotNullWhen(true)] out IGrainDirectory? grainDirectory)
    {
        if (classes.TryGetGrainClass(grainType, out var type) && typeof(WorkerGrain).IsAssignableFrom(type))
        {
            grainDirectory = _directory ??= services.GetRequiredKeyedService<IGrainDirectory>(Name);
            return true;
        }

        grainDirectory = null;
        return false;
    }
}
