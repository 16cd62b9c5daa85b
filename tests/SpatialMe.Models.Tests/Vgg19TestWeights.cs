using SpatialMe.Models.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>
/// Random VGG19 weights in torchvision's key layout and shapes (the real ones are never downloaded in tests), with a few
/// of the tensors a real file holds past conv4_1 (small stand-ins: only their keys matter, they must be ignored).
/// </summary>
internal static class Vgg19TestWeights
{
    /// <summary>Keys a torchvision file has that <see cref="Vgg19Features"/> does not need.</summary>
    public static readonly string[] ExtraKeys = ["features.21.weight", "features.21.bias", "classifier.0.weight", "classifier.0.bias"];

    /// <summary>A seeded state dict, detached and owned by the caller. He-scaled weights keep the activations alive
    /// through the nine convolutions, so every layer's features tell images apart.</summary>
    public static Dictionary<string, Tensor> StateDict(int seed = 11)
    {
        using var network = new Vgg19Features();
        var generator = new Generator((ulong)seed);
        var dict = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in network.named_parameters())
        {
            dict[name] = name.EndsWith("bias", StringComparison.Ordinal)
                ? (randn(parameter.shape, generator: generator) * 0.01).detach()
                : (randn(parameter.shape, generator: generator) * Math.Sqrt(2.0 / (parameter.shape[1] * 9))).detach();
        }

        dict[ExtraKeys[0]] = randn([4, 4, 3, 3], generator: generator);
        dict[ExtraKeys[1]] = randn([4], generator: generator);
        dict[ExtraKeys[2]] = randn([8, 16], generator: generator);
        dict[ExtraKeys[3]] = randn([8], generator: generator);
        return dict;
    }

    public static string SaveSafetensors(string directory, Dictionary<string, Tensor> dict)
    {
        var path = Path.Combine(directory, "vgg19.safetensors");
        Safetensors.SaveStateDict(path, dict);
        return path;
    }

    public static string SavePth(string directory, Dictionary<string, Tensor> dict)
    {
        var path = Path.Combine(directory, "vgg19-test.pth");
        PyTorchPickler.PickleStateDict(path, dict);
        return path;
    }

    /// <summary>A frozen network loaded from a fresh safetensors file, as the trainer gets it.</summary>
    public static Vgg19Features Load(string directory, int seed = 11)
    {
        var dict = StateDict(seed);
        var path = SaveSafetensors(directory, dict);
        foreach (var t in dict.Values)
        {
            t.Dispose();
        }

        return Vgg19Weights.Read(path).Network;
    }
}
