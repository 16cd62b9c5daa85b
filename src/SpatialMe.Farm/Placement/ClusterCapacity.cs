using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Farm.Placement;

/// <summary>
/// The GPU capacity of the cluster as membership and silo metadata declare it now: the GPU slots of the active GPU
/// silos, or — where none is active and CPU fallback is on — the slots of the active CPU silos.
/// </summary>
public sealed class ClusterCapacity(IClusterMembershipService membership, ISiloMetadataCache metadata, IOptions<FarmOptions> options)
{
    public int GpuSlots()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        return GpuSilos.Usable(metadata, active, options.Value.AllowCpuFallback).Sum(s => GpuSilos.Slots(metadata, s));
    }
}
