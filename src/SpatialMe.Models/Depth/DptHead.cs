using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// The DPT head (checkpoint prefix <c>depth_head.</c>). Each of the four token maps is reshaped to the patch grid,
/// projected (1×1 conv), brought to ×4, ×2, ×1 and ×½ of the grid (ConvTranspose 4/4, ConvTranspose 2/2, identity,
/// 3×3 stride-2 conv), then fused coarse to fine by the refinenets; the result goes through output_conv1, a bilinear
/// (align_corners=True) resize to 14× the patch grid, and output_conv2 ending in ReLU.
/// </summary>
internal sealed class DptHead : nn.Module
{
    private readonly nn.Module<Tensor, Tensor>[] projects;
    private readonly nn.Module<Tensor, Tensor>[] resizeLayers;
    private readonly DptScratch scratch;

    public DptHead(DepthAnythingConfig config)
        : base(nameof(DptHead))
    {
        var oc = config.OutChannels;
        projects = oc.Select(c => (nn.Module<Tensor, Tensor>)nn.Conv2d(config.EmbedDim, c, 1)).ToArray();
        resizeLayers =
        [
            nn.ConvTranspose2d(oc[0], oc[0], 4, stride: 4),
            nn.ConvTranspose2d(oc[1], oc[1], 2, stride: 2),
            nn.Identity(),
            nn.Conv2d(oc[3], oc[3], 3, stride: 2, padding: 1),
        ];
        scratch = new DptScratch(config);
        register_module("projects", nn.ModuleList(projects));
        register_module("resize_layers", nn.ModuleList(resizeLayers));
        register_module("scratch", scratch);
    }

    /// <summary>Depth (B × 1 × 14·rows × 14·cols) from the four normed patch-token maps (B × rows·cols × dim).</summary>
    public Tensor Forward(Tensor[] tokens, long patchRows, long patchCols)
    {
        using var scope = NewDisposeScope();
        var levels = new Tensor[4];
        for (var i = 0; i < 4; i++)
        {
            var t = tokens[i];
            var grid = t.permute(0, 2, 1).reshape(t.shape[0], t.shape[2], patchRows, patchCols);
            levels[i] = scratch.LayerRn[i].call(resizeLayers[i].call(projects[i].call(grid)));
        }

        var path4 = scratch.RefineNets[3].Fuse(levels[3], null, Size(levels[2]));
        var path3 = scratch.RefineNets[2].Fuse(path4, levels[2], Size(levels[1]));
        var path2 = scratch.RefineNets[1].Fuse(path3, levels[1], Size(levels[0]));
        var path1 = scratch.RefineNets[0].Fuse(path2, levels[0], null);
        var output = scratch.OutputConv1.call(path1);
        var patch = DepthAnythingConfig.PatchSize;
        output = nn.functional.interpolate(output, size: [patchRows * patch, patchCols * patch], mode: InterpolationMode.Bilinear, align_corners: true);
        return scratch.OutputConv2.call(output).MoveToOuterDisposeScope();
    }

    private static long[] Size(Tensor t) => [t.shape[2], t.shape[3]];
}
