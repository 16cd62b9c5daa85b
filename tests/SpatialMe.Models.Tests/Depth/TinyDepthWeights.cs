using SpatialMe.Models.Depth;
using SpatialMe.Stereo.Imaging;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests.Depth;

/// <summary>
/// Builds small Depth Anything V2 weights files in the official key layout (the state dict of our own network, whose
/// module names are the reference's), filled with seeded random values so every tensor matters to the output.
/// </summary>
internal static class TinyDepthWeights
{
    /// <summary>Embed dim 64 (one head), 4 blocks, head features 16: a network of ~0.3 M parameters.</summary>
    public static DepthAnythingConfig Config { get; } = DepthAnythingConfig.Custom(64, 4, 16, [8, 16, 32, 32]);

    /// <summary>The state dict of a seeded tiny network, tensors detached and owned by the caller.</summary>
    public static Dictionary<string, Tensor> StateDict(int seed = 7)
    {
        using var network = new DepthAnythingV2Network(Config);
        var generator = new Generator((ulong)seed);
        var dict = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in network.named_parameters())
        {
            // Positive-leaning values keep the ReLU-ended head from outputting zeros everywhere.
            var scale = name.EndsWith("gamma", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal) ? 0.5 : 0.2;
            dict[name] = (randn(parameter.shape, generator: generator) * scale + (name.EndsWith("bias", StringComparison.Ordinal) ? 0.05 : 0)).detach();
        }

        return dict;
    }

    public static string SaveSafetensors(string directory, Dictionary<string, Tensor> dict)
    {
        var path = Path.Combine(directory, "tiny.safetensors");
        Safetensors.SaveStateDict(path, dict);
        return path;
    }

    public static string SavePth(string directory, Dictionary<string, Tensor> dict)
    {
        var path = Path.Combine(directory, "tiny.pth");
        PyTorchPickler.PickleStateDict(path, dict);
        return path;
    }

    /// <summary>A frame with gradients and a bright square, so depth is not constant.</summary>
    public static RgbImage Frame(int width, int height, int shift = 0)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var inSquare = Math.Abs(x - (width / 2) - shift) < width / 5 && Math.Abs(y - (height / 2)) < height / 5;
                row[x * 3] = (byte)(inSquare ? 240 : x * 255 / width);
                row[(x * 3) + 1] = (byte)(y * 255 / height);
                row[(x * 3) + 2] = (byte)((x + y + shift) % 256);
            }
        }

        return image;
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spatialme-dav2-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
