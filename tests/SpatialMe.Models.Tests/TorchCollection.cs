namespace SpatialMe.Models.Tests;

/// <summary>Tests that make networks or set libtorch's thread count run one at a time: both use process-wide torch
/// state (the global random generator that initialises weights, the CPU thread pool).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
