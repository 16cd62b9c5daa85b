using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>DPT's residual unit (keys <c>conv1</c>, <c>conv2</c>): ReLU → 3×3 conv → ReLU → 3×3 conv, plus the input; no BatchNorm.</summary>
internal sealed class ResidualConvUnit : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> conv2;

    public ResidualConvUnit(int features)
        : base(nameof(ResidualConvUnit))
    {
        conv1 = nn.Conv2d(features, features, 3, padding: 1);
        conv2 = nn.Conv2d(features, features, 3, padding: 1);
        register_module("conv1", conv1);
        register_module("conv2", conv2);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var a = conv1.call(nn.functional.relu(input));
        var b = conv2.call(nn.functional.relu(a));
        return (b + input).MoveToOuterDisposeScope();
    }
}
