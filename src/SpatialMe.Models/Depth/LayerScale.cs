using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>DINOv2's LayerScale: a learned per-channel factor on each residual branch (key <c>gamma</c>).</summary>
internal sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter gamma;

    public LayerScale(long dim)
        : base(nameof(LayerScale))
    {
        gamma = nn.Parameter(ones(dim));
        register_parameter("gamma", gamma);
    }

    public override Tensor forward(Tensor input) => input * gamma;
}
