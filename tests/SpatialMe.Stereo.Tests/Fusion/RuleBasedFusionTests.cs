using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Fusion;

public sealed class RuleBasedFusionTests
{
    [Fact]
    public void Eqs_1_to_3_blend_the_branches_with_the_masks()
    {
        // One pixel: Ip = 200, Ie = 100, Il = 40, C = 10; M1 = 0.25, M2 = 0.5, M3 = 0.8.
        // If1 = 0.25·200 + 0.75·100 = 125; If2 = 0.5·125 + 0.5·40 = 82.5; Ig = 0.8·82.5 + 0.2·10 = 68.
        static RgbImage Grey(byte v) => new(1, 1, [v, v, v]);
        static FloatPlane Value(float v) => new(1, 1, [v]);
        var fused = BranchFusion.Apply(Grey(200), Grey(100), Grey(40), new FusionMasks(Value(0.25f), Value(0.5f), Value(0.8f), Grey(10)));
        Assert.Equal(68, fused.Pixels[0]);
    }

    [Fact]
    public void Masks_pick_the_warp_where_visible_DE_and_temporal_in_disocclusions_and_Poly_out_of_view()
    {
        var scene = new LayeredScene(64, 32, backgroundDisparity: 2).Add(16, 8, 20, 16, disparity: 10, seed: 4);
        var frame = TemporalFrame.Create(scene.Left(), scene.Disparity());
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var temporal = TemporalInpaint.Fill([frame])[0];
        var masks = RuleBasedFusion.Masks(frame.Warp, temporal, de);

        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var hole = frame.Warp.Holes[x, y];
                var outOfView = frame.Warp.OutOfView[x, y];
                var disocclusion = hole && !outOfView;
                Assert.Equal(disocclusion ? 0f : 1f, masks.M1[x, y]);
                // a still image: the temporal branch filled every hole spatially
                Assert.Equal(!hole ? 0f : (outOfView ? 1f : 0.5f), masks.M2[x, y]);
                Assert.Equal(1f, masks.M3[x, y]);
            }
        }
    }
}
