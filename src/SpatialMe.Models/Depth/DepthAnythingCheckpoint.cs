using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// An official Depth Anything V2 weights file read into memory: a PyTorch <c>.pth</c> state dict (zip pickle) or a
/// safetensors file, told apart by their first bytes, read by <see cref="StateDictFile"/>. The network size is inferred
/// from tensor shapes (cls_token width, block count, head widths), so the file name does not matter; the file is then
/// checked tensor by tensor against the network that size builds, and refused with every missing, extra and misshapen
/// tensor listed.
/// </summary>
public sealed class DepthAnythingCheckpoint : IDisposable
{
    private DepthAnythingCheckpoint(string path, string kind, Dictionary<string, Tensor> tensors, DepthAnythingConfig config)
    {
        Path = path;
        Kind = kind;
        Tensors = tensors;
        Config = config;
    }

    public string Path { get; }

    /// <summary>"pth" or "safetensors".</summary>
    public string Kind { get; }

    public DepthAnythingConfig Config { get; }

    /// <summary>The file's tensors by state-dict key.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    public long ParameterCount => Tensors.Values.Sum(t => t.numel());

    /// <summary>The element types in the file, e.g. "float32".</summary>
    public string DTypes => string.Join(", ", Tensors.Values.Select(t => t.dtype.ToString().ToLowerInvariant()).Distinct().Order());

    /// <summary>Reads and validates <paramref name="path"/>; throws <see cref="DepthCheckpointException"/> naming the file and every problem.</summary>
    public static DepthAnythingCheckpoint Read(string path)
    {
        var (kind, tensors) = StateDictFile.Read(path, message => new DepthCheckpointException(message));
        try
        {
            var config = DetectConfig(path, tensors);
            using var network = new DepthAnythingV2Network(config);
            var problems = Compare(network, tensors);
            if (problems.Count > 0)
            {
                throw new DepthCheckpointException(
                    $"{path}: not a valid Depth Anything V2 {config.Name} checkpoint ({problems.Count} problems):\n  " + string.Join("\n  ", problems));
            }

            return new DepthAnythingCheckpoint(path, kind, tensors, config);
        }
        catch
        {
            StateDictFile.Dispose(tensors);
            throw;
        }
    }

    /// <summary>A network of the file's size with the file's weights, in eval mode, on <paramref name="device"/>.</summary>
    public DepthAnythingV2Network CreateNetwork(Device device, ScalarType dtype)
    {
        var network = new DepthAnythingV2Network(Config);
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                parameter.copy_(Tensors[name]);
            }
        }

        network.to(device, dtype);
        network.eval();
        return network;
    }

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>The released size whose widths match the file, else a custom (test) network of those widths.</summary>
    private static DepthAnythingConfig DetectConfig(string path, Dictionary<string, Tensor> tensors)
    {
        long Dim(string key, int axis) => tensors.TryGetValue(key, out var t) && t.dim() > axis
            ? t.shape[axis]
            : throw new DepthCheckpointException($"{path}: not a Depth Anything V2 checkpoint: missing '{key}' (needed to tell the network size)");

        var embed = (int)Dim("pretrained.cls_token", 2);
        var features = (int)Dim("depth_head.scratch.layer1_rn.weight", 0);
        int[] outChannels = [.. Enumerable.Range(0, 4).Select(i => (int)Dim($"depth_head.projects.{i}.weight", 0))];
        var depth = tensors.Keys
            .Where(k => k.StartsWith("pretrained.blocks.", StringComparison.Ordinal))
            .Select(k => int.TryParse(k.Split('.')[2], out var i) ? i + 1 : 0)
            .DefaultIfEmpty(0)
            .Max();
        var preset = DepthAnythingConfig.Presets.FirstOrDefault(p =>
            p.EmbedDim == embed && p.Depth == depth && p.Features == features && p.OutChannels.SequenceEqual(outChannels));
        if (preset is not null)
        {
            return preset;
        }

        var byWidth = DepthAnythingConfig.Presets.FirstOrDefault(p => p.EmbedDim == embed);
        if (byWidth is not null)
        {
            return byWidth; // a damaged released file: compare it with its size so the report lists what is wrong
        }

        try
        {
            return DepthAnythingConfig.Custom(embed, depth, features, outChannels);
        }
        catch (ArgumentException ex)
        {
            throw new DepthCheckpointException($"{path}: not a Depth Anything V2 checkpoint: embed dim {embed}, {depth} blocks ({ex.Message})");
        }
    }

    private static List<string> Compare(DepthAnythingV2Network network, Dictionary<string, Tensor> tensors) =>
        StateDictFile.Problems(network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape), tensors, extrasAreProblems: true);
}
