using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>DINOv2's patch embedding (key <c>proj</c>): a 14×14, stride-14 convolution, flattened to B × patches × dim, row-major.</summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> proj;

    public PatchEmbed(int dim)
        : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(3, dim, DepthAnythingConfig.PatchSize, stride: DepthAnythingConfig.PatchSize);
        register_module("proj", proj);
    }

    public override Tensor forward(Tensor input)
    {
        using var grid = proj.call(input);
        return grid.flatten(2).transpose(1, 2);
    }
}
