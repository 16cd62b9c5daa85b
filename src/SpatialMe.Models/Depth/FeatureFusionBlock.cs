using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// DPT's fusion block (keys <c>resConfUnit1</c>, <c>resConfUnit2</c>, <c>out_conv</c>): adds resConfUnit1(skip) when
/// there is a skip, applies resConfUnit2, resizes bilinearly with align_corners=True (to the given size, else ×2), then
/// the 1×1 out_conv. refinenet4 never has a skip, yet its resConfUnit1 is in the checkpoint, so it exists here too.
/// </summary>
internal sealed class FeatureFusionBlock : nn.Module
{
    private readonly ResidualConvUnit resConfUnit1;
    private readonly ResidualConvUnit resConfUnit2;
    private readonly nn.Module<Tensor, Tensor> outConv;

    public FeatureFusionBlock(int features)
        : base(nameof(FeatureFusionBlock))
    {
        resConfUnit1 = new ResidualConvUnit(features);
        resConfUnit2 = new ResidualConvUnit(features);
        outConv = nn.Conv2d(features, features, 1);
        register_module("out_conv", outConv);
        register_module("resConfUnit1", resConfUnit1);
        register_module("resConfUnit2", resConfUnit2);
    }

    /// <summary>Fuses <paramref name="path"/> with <paramref name="skip"/> (null: none) and resizes to <paramref name="size"/> (null: ×2).</summary>
    public Tensor Fuse(Tensor path, Tensor? skip, long[]? size)
    {
        using var scope = NewDisposeScope();
        var output = skip is null ? path : path + resConfUnit1.call(skip);
        output = resConfUnit2.call(output);
        var target = size ?? [output.shape[2] * 2, output.shape[3] * 2];
        output = nn.functional.interpolate(output, size: target, mode: InterpolationMode.Bilinear, align_corners: true);
        return outConv.call(output).MoveToOuterDisposeScope();
    }
}
