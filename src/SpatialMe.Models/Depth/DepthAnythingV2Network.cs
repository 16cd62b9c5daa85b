using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// The Depth Anything V2 network (relative depth): DINOv2 encoder <c>pretrained</c> and DPT head <c>depth_head</c>,
/// module names matching the official checkpoints' state-dict keys. Input: a normalised RGB batch (B × 3 × H × W, both
/// sides multiples of 14); output: relative inverse depth B × H × W (larger is nearer), after the reference's final ReLU.
/// </summary>
public sealed class DepthAnythingV2Network : nn.Module<Tensor, Tensor>
{
    private readonly DinoV2Encoder pretrained;
    private readonly DptHead depthHead;

    public DepthAnythingV2Network(DepthAnythingConfig config)
        : base(nameof(DepthAnythingV2Network))
    {
        Config = config;
        pretrained = new DinoV2Encoder(config);
        depthHead = new DptHead(config);
        register_module("pretrained", pretrained);
        register_module("depth_head", depthHead);
    }

    /// <summary>The shape this network was built with.</summary>
    public DepthAnythingConfig Config { get; }

    public override Tensor forward(Tensor image)
    {
        var patch = DepthAnythingConfig.PatchSize;
        if (image.dim() != 4 || image.shape[1] != 3 || image.shape[2] % patch != 0 || image.shape[3] % patch != 0)
        {
            throw new ArgumentException($"input must be B×3×H×W with H and W multiples of {patch}, got [{string.Join(", ", image.shape)}]");
        }

        using var scope = NewDisposeScope();
        var tokens = pretrained.call(image);
        var depth = depthHead.Forward(tokens, image.shape[2] / patch, image.shape[3] / patch);
        return nn.functional.relu(depth).squeeze(1).MoveToOuterDisposeScope();
    }
}
