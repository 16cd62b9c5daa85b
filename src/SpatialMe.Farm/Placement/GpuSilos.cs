using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace SpatialMe.Farm.Placement;

/// <summary>
/// The one reading of the farm's silo metadata, shared by placement and admission: which silos are GPU silos, their
/// GPU slots, and which silos may take GPU work (the GPU silos, else — with CPU fallback — all of them, else none).
/// </summary>
public static class GpuSilos
{
    public static bool IsGpu(ISiloMetadataCache metadata, SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloMetadataKeys.Accelerator, out var accelerator)
        && string.Equals(accelerator, SiloMetadataKeys.Gpu, StringComparison.OrdinalIgnoreCase);

    /// <summary>Declared GPU slots; 1 where none (or nonsense) is declared.</summary>
    public static int Slots(ISiloMetadataCache metadata, SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloMetadataKeys.GpuSlots, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var slots) && slots > 0
            ? slots
            : 1;

    /// <summary>The silos that may take GPU work among <paramref name="candidates"/>.</summary>
    public static List<SiloAddress> Usable(ISiloMetadataCache metadata, IEnumerable<SiloAddress> candidates, bool allowCpuFallback)
    {
        var all = candidates.ToList();
        var gpu = all.Where(s => IsGpu(metadata, s)).ToList();
        return gpu.Count > 0 ? gpu : allowCpuFallback ? all : [];
    }
}
