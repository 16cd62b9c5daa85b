using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// DINOv2 multi-head self-attention (keys <c>qkv</c>, <c>proj</c>): one fused q/k/v projection, q scaled by
/// 1/√head-width before q·kᵀ (as the reference, which matters at float precision), softmax, then the output projection.
/// </summary>
internal sealed class VitAttention : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> qkv;
    private readonly nn.Module<Tensor, Tensor> proj;
    private readonly int heads;
    private readonly double scale;

    public VitAttention(int dim, int heads)
        : base(nameof(VitAttention))
    {
        this.heads = heads;
        scale = 1.0 / Math.Sqrt(dim / heads);
        qkv = nn.Linear(dim, dim * 3, hasBias: true);
        proj = nn.Linear(dim, dim, hasBias: true);
        register_module("qkv", qkv);
        register_module("proj", proj);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (b, n, c) = (input.shape[0], input.shape[1], input.shape[2]);
        var parts = qkv.call(input).reshape(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        var q = parts[0] * scale;
        var attention = q.matmul(parts[1].transpose(-2, -1)).softmax(-1);
        var mixed = attention.matmul(parts[2]).transpose(1, 2).reshape(b, n, c);
        return proj.call(mixed).MoveToOuterDisposeScope();
    }
}
