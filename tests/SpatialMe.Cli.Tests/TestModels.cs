using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// Tiny model files the tests write themselves (nothing is downloaded): untrained but seeded, so every run of a test
/// sees the same weights, and small, so a conversion with them takes seconds.
/// </summary>
internal static class TestModels
{
    private static readonly Lock Gate = new();

    /// <summary>A refiner weights file (4 base channels, 3 levels) with seeded random weights.</summary>
    public static string Refiner(string directory, string name = "tiny-refiner.bin", long seed = 7)
    {
        var path = Path.Combine(directory, name);
        lock (Gate)
        {
            // manual_seed is process-wide: hold the lock so parallel tests cannot interleave their seeding.
            manual_seed(seed);
            using var network = new MhfuNetwork(new MhfuArchitecture(RefinerInputs.Channels, 4, 3));
            RefinerWeights.Save(network, path, "test");
        }

        return path;
    }

    /// <summary>A Depth Anything V2 checkpoint in the official key layout (embed 64, 4 blocks, features 16), as safetensors.</summary>
    public static string DepthAnything(string directory, string name = "tiny-depth.safetensors")
    {
        var path = Path.Combine(directory, name);
        using var network = new DepthAnythingV2Network(DepthAnythingConfig.Custom(64, 4, 16, [8, 16, 32, 32]));
        var generator = new Generator(11);
        var weights = network.named_parameters().ToDictionary(p => p.name, p => (randn(p.parameter.shape, generator: generator) * 0.2).detach());
        Safetensors.SaveStateDict(path, weights);
        foreach (var t in weights.Values)
        {
            t.Dispose();
        }

        return path;
    }
}
