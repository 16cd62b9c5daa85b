using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>DINOv2's MLP (keys <c>fc1</c>, <c>fc2</c>): Linear → exact (erf) GELU → Linear, hidden width 4× the embed dim.</summary>
internal sealed class VitMlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> fc1;
    private readonly nn.Module<Tensor, Tensor> fc2;

    public VitMlp(int dim)
        : base(nameof(VitMlp))
    {
        fc1 = nn.Linear(dim, dim * DepthAnythingConfig.MlpRatio, hasBias: true);
        fc2 = nn.Linear(dim * DepthAnythingConfig.MlpRatio, dim, hasBias: true);
        register_module("fc1", fc1);
        register_module("fc2", fc2);
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = fc1.call(input);
        using var activated = nn.functional.gelu(hidden);
        return fc2.call(activated);
    }
}
