using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Farm.Placement;

#pragma warning disable ORLEANSEXP004 // placement filtering is marked experimental in Orleans 10

/// <summary>
/// Keeps the GPU silos among the candidates, minus the silos the calling job has blocklisted
/// (<see cref="PlacementBlocklist"/>). Where no GPU silo is left, <see cref="FarmOptions.AllowCpuFallback"/> decides:
/// the remaining CPU silos take the work, or none does and placement fails — which the segment reports as
/// "no silo can run this work", not as a fault of any silo.
/// <para>
/// Among the usable silos it keeps the one that has received the fewest units from this silo per GPU slot: every
/// unit is a few minutes of GPU work of about the same size, so spreading them in proportion to slots keeps all GPUs
/// busy, where Orleans' resource-optimised default (CPU and memory, no GPU signal) would pile them on one silo.
/// Thread-safe, as Orleans requires of a director (one instance serves all placements on this silo).
/// </para>
/// </summary>
public sealed class GpuPlacementFilterDirector(ISiloMetadataCache metadata, IOptions<FarmOptions> options) : IPlacementFilterDirector
{
    private readonly ConcurrentDictionary<SiloAddress, int> _placed = new();

    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var blocked = PlacementBlocklist.From(target.RequestContextData);
        var usable = GpuSilos.Usable(metadata, silos.Where(s => !blocked.Contains(s.ToParsableString())), options.Value.AllowCpuFallback);
        if (usable.Count == 0)
        {
            return [];
        }

        var chosen = usable.OrderBy(s => (double)_placed.GetValueOrDefault(s) / GpuSilos.Slots(metadata, s)).ThenBy(s => s.ToParsableString(), StringComparer.Ordinal).First();
        _placed.AddOrUpdate(chosen, 1, (_, n) => n + 1);
        return [chosen];
    }
}

#pragma warning restore ORLEANSEXP004
