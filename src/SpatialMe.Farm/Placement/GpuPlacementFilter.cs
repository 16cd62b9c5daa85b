using Orleans.Metadata;
using Orleans.Placement;

namespace SpatialMe.Farm.Placement;

#pragma warning disable ORLEANSEXP004 // placement filtering is marked experimental in Orleans 10

/// <summary>
/// Places a grain class on GPU silos (<c>hardware.accelerator = gpu</c>). Orleans' built-in metadata filters
/// compare candidates with the calling silo, which is not what GPU placement needs, hence this filter.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuPlacementFilterAttribute() : PlacementFilterAttribute(new GpuPlacementFilterStrategy());

/// <summary>The strategy object Orleans keeps for <see cref="GpuPlacementFilterAttribute"/> (no settings of its own:
/// the CPU fallback is a silo option, so one deployment decides it for all GPU grains).</summary>
public sealed class GpuPlacementFilterStrategy() : PlacementFilterStrategy(order: 0)
{
    public override void AdditionalInitialize(GrainProperties properties)
    {
    }

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties) => [];
}

#pragma warning restore ORLEANSEXP004
