namespace SpatialMe.Farm.Placement;

/// <summary>
/// The silo metadata the farm declares (<c>Orleans:Metadata</c>, fixed for a silo's life) and reads when placing
/// GPU work. <c>hardware.accelerator</c> is the key Orleans' own docs use for this.
/// </summary>
public static class SiloMetadataKeys
{
    /// <summary><c>gpu</c> or <c>cpu</c>.</summary>
    public const string Accelerator = "hardware.accelerator";

    /// <summary>Concurrent GPU work units the silo takes (its GPU slots).</summary>
    public const string GpuSlots = "spatialme.gpu-slots";

    public const string Gpu = "gpu";

    public const string Cpu = "cpu";
}
