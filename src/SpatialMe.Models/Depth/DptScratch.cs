using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// The DPT head's <c>scratch</c> module, named as in the checkpoint: layer{1-4}_rn (3×3 convs to the head's feature
/// width, no bias), refinenet{1-4} fusion blocks, output_conv1 (3×3, features → features/2) and output_conv2
/// (3×3 → 32, ReLU, 1×1 → 1, ReLU; Sequential indices 0 and 2 carry the weights).
/// </summary>
internal sealed class DptScratch : nn.Module
{
    public DptScratch(DepthAnythingConfig config)
        : base(nameof(DptScratch))
    {
        var f = config.Features;
        LayerRn = config.OutChannels.Select(c => nn.Conv2d(c, f, 3, padding: 1, bias: false)).ToArray();
        RefineNets = Enumerable.Range(0, 4).Select(_ => new FeatureFusionBlock(f)).ToArray();
        OutputConv1 = nn.Conv2d(f, f / 2, 3, padding: 1);
        OutputConv2 = nn.Sequential(
            ("0", nn.Conv2d(f / 2, DepthAnythingConfig.HeadHiddenChannels, 3, padding: 1)),
            ("1", nn.ReLU()),
            ("2", nn.Conv2d(DepthAnythingConfig.HeadHiddenChannels, 1, 1)),
            ("3", nn.ReLU()),
            ("4", nn.Identity()));
        for (var i = 0; i < 4; i++)
        {
            register_module($"layer{i + 1}_rn", LayerRn[i]);
            register_module($"refinenet{i + 1}", RefineNets[i]);
        }

        register_module("output_conv1", OutputConv1);
        register_module("output_conv2", OutputConv2);
    }

    /// <summary>layer1_rn … layer4_rn.</summary>
    public nn.Module<Tensor, Tensor>[] LayerRn { get; }

    /// <summary>refinenet1 … refinenet4.</summary>
    public FeatureFusionBlock[] RefineNets { get; }

    public nn.Module<Tensor, Tensor> OutputConv1 { get; }

    public nn.Module<Tensor, Tensor> OutputConv2 { get; }
}
