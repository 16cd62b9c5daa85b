using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>Networks and inputs with fixed seeds, so every run of a test sees the same weights.</summary>
internal static class Networks
{
    /// <summary>A small architecture that keeps CPU tests fast: 4 base channels, 3 levels (factor 4).</summary>
    public static readonly MhfuArchitecture Small = new(RefinerInputs.Channels, 4, 3);

    /// <summary><see cref="Small"/>'s shape as corrections to the rule-based fusion.</summary>
    public static readonly MhfuArchitecture SmallResidual = MhfuArchitecture.For(HeadOutput.Residual, 4, 3);

    /// <summary><see cref="SmallResidual"/> reading the relative disparity too.</summary>
    public static readonly MhfuArchitecture SmallWithDisparity = MhfuArchitecture.For(HeadOutput.Residual, 4, 3, disparity: true);

    /// <summary><see cref="Small"/>'s shape correcting the rules with a choice of background fills for the content.</summary>
    public static readonly MhfuArchitecture SmallChoice = MhfuArchitecture.For(HeadOutput.Choice, 4, 3);

    public static MhfuArchitecture SmallFor(HeadOutput output) => output switch
    {
        HeadOutput.Residual => SmallResidual,
        HeadOutput.Choice => SmallChoice,
        _ => Small,
    };

    public static MhfuNetwork Seeded(MhfuArchitecture architecture, long seed = 7)
    {
        manual_seed(seed);
        return new MhfuNetwork(architecture);
    }

    /// <summary>Uniform values in [0, 1), N × C × H × W, from a generator of its own.</summary>
    public static Tensor Uniform(long seed, params long[] shape)
    {
        using var generator = new Generator((ulong)seed);
        return rand(shape, generator: generator);
    }
}
