using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// The DINOv2 ViT encoder as Depth Anything V2 uses it (checkpoint prefix <c>pretrained.</c>): patch embedding, class
/// token, position embedding resized to the input's patch grid, the blocks, and the final norm applied to each block
/// output the DPT head takes (get_intermediate_layers with norm=True); the class token is then dropped because the
/// head runs without it (use_clstoken=False). <c>mask_token</c> is in the checkpoint but unused at inference.
/// </summary>
internal sealed class DinoV2Encoder : nn.Module<Tensor, Tensor[]>
{
    /// <summary>The reference's interpolate_offset: added to the patch grid before computing the bicubic scale factor.</summary>
    public const double InterpolateOffset = 0.1;

    private readonly DepthAnythingConfig config;
    private readonly TorchSharp.Modules.Parameter clsToken;
    private readonly TorchSharp.Modules.Parameter posEmbed;
    private readonly TorchSharp.Modules.Parameter maskToken;
    private readonly PatchEmbed patchEmbed;
    private readonly nn.Module<Tensor, Tensor>[] blocks;
    private readonly nn.Module<Tensor, Tensor> norm;

    public DinoV2Encoder(DepthAnythingConfig config)
        : base(nameof(DinoV2Encoder))
    {
        this.config = config;
        var dim = config.EmbedDim;
        var grid = DepthAnythingConfig.PositionGrid;
        clsToken = nn.Parameter(zeros(1, 1, dim));
        posEmbed = nn.Parameter(zeros(1, (grid * grid) + 1, dim));
        maskToken = nn.Parameter(zeros(1, dim));
        patchEmbed = new PatchEmbed(dim);
        blocks = Enumerable.Range(0, config.Depth).Select(_ => (nn.Module<Tensor, Tensor>)new VitBlock(dim, config.Heads)).ToArray();
        norm = nn.LayerNorm(dim, VitBlock.NormEps);
        register_parameter("cls_token", clsToken);
        register_parameter("pos_embed", posEmbed);
        register_parameter("mask_token", maskToken);
        register_module("patch_embed", patchEmbed);
        register_module("blocks", nn.ModuleList(blocks));
        register_module("norm", norm);
    }

    /// <summary>Normed patch tokens (B × patches × dim) of each block in the configuration's intermediate layers.</summary>
    public override Tensor[] forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var patchRows = image.shape[2] / DepthAnythingConfig.PatchSize;
        var patchCols = image.shape[3] / DepthAnythingConfig.PatchSize;
        var patches = patchEmbed.call(image);
        var x = cat([clsToken.expand(patches.shape[0], -1, -1), patches], 1);
        x = x + InterpolatePositions(posEmbed, patchRows, patchCols);
        var outputs = new List<Tensor>();
        for (var i = 0; i < blocks.Length; i++)
        {
            x = blocks[i].call(x);
            if (config.IntermediateLayers.Contains(i))
            {
                outputs.Add(norm.call(x)[.., 1..]);
            }
        }

        foreach (var output in outputs)
        {
            output.MoveToOuterDisposeScope();
        }

        return [.. outputs];
    }

    /// <summary>
    /// The reference's interpolate_pos_encoding: the stored 37×37 grid is resized bicubically (no antialias) by the scale
    /// factor ((rows + 0.1)/37, (cols + 0.1)/37) — a factor, not a target size, so PyTorch maps output pixel d to
    /// (d + 0.5)/factor − 0.5 with that exact factor — and kept unresized only when the grid already matches (518×518).
    /// </summary>
    internal static Tensor InterpolatePositions(Tensor posEmbed, long patchRows, long patchCols)
    {
        var grid = DepthAnythingConfig.PositionGrid;
        if (patchRows == grid && patchCols == grid)
        {
            return posEmbed.alias();
        }

        using var scope = NewDisposeScope();
        var dim = posEmbed.shape[2];
        var cls = posEmbed[.., ..1];
        var gridEmbed = posEmbed[.., 1..].reshape(1, grid, grid, dim).permute(0, 3, 1, 2);
        var scaled = nn.functional.interpolate(
            gridEmbed,
            scale_factor: [(patchRows + InterpolateOffset) / grid, (patchCols + InterpolateOffset) / grid],
            mode: InterpolationMode.Bicubic,
            align_corners: false,
            recompute_scale_factor: false,
            antialias: false);
        if (scaled.shape[2] != patchRows || scaled.shape[3] != patchCols)
        {
            throw new InvalidOperationException($"position embedding resized to {scaled.shape[2]}×{scaled.shape[3]}, expected {patchRows}×{patchCols}");
        }

        var flat = scaled.permute(0, 2, 3, 1).reshape(1, -1, dim);
        return cat([cls, flat], 1).MoveToOuterDisposeScope();
    }
}
