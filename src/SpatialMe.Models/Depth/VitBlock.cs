using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// One pre-norm DINOv2 transformer block: x + ls1(attn(norm1 x)), then x + ls2(mlp(norm2 x)); LayerNorm eps 1e-6.
/// Submodule names are the checkpoint's keys under <c>pretrained.blocks.{i}</c>.
/// </summary>
internal sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>LayerNorm epsilon of every DINOv2 norm.</summary>
    public const double NormEps = 1e-6;

    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly VitAttention attn;
    private readonly LayerScale ls1;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly VitMlp mlp;
    private readonly LayerScale ls2;

    public VitBlock(int dim, int heads)
        : base(nameof(VitBlock))
    {
        norm1 = nn.LayerNorm(dim, NormEps);
        attn = new VitAttention(dim, heads);
        ls1 = new LayerScale(dim);
        norm2 = nn.LayerNorm(dim, NormEps);
        mlp = new VitMlp(dim);
        ls2 = new LayerScale(dim);
        register_module("norm1", norm1);
        register_module("attn", attn);
        register_module("ls1", ls1);
        register_module("norm2", norm2);
        register_module("mlp", mlp);
        register_module("ls2", ls2);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input + ls1.call(attn.call(norm1.call(input)));
        var y = x + ls2.call(mlp.call(norm2.call(x)));
        return y.MoveToOuterDisposeScope();
    }
}
