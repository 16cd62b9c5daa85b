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
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        var gpu = active.Where(s => Value(s, SiloMetadataKeys.Accelerator) == SiloMetadataKeys.Gpu).ToList();
        var usable = gpu.Count > 0 ? gpu : options.Value.AllowCpuFallback ? active : [];
        return usable.Sum(Slots);
    }

    private int Slots(SiloAddress silo) =>
        int.TryParse(Value(silo, SiloMetadataKeys.GpuSlots), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slots) && slots > 0
            ? slots
            : 1;

    private string? Value(SiloAddress silo, string key) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(key, out var value) ? value : null;
}
