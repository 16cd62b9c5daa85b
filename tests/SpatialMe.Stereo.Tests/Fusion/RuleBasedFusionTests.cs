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
    public void Masks_pick_the_warp_where_visible_the_content_on_the_edge_fringe_and_in_disocclusions_and_Poly_out_of_view()
    {
        var (frame, de, temporal) = Plane();
        var masks = RuleBasedFusion.Masks(frame.Warp, temporal, de);

        Assert.True(frame.Warp.EdgeFringe.Count() > 0, "the scene has an edge fringe");
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var hole = frame.Warp.Holes[x, y];
                var outOfView = frame.Warp.OutOfView[x, y];
                var disocclusion = hole && !outOfView;
                var fringe = frame.Warp.EdgeFringe[x, y];
                // a still image: the temporal branch filled every hole spatially, so every disocclusion takes the content
                var (m1, m2, m3) = disocclusion ? (0f, 1f, 0f) : outOfView ? (1f, 1f, 1f) : fringe ? (0f, 1f, FringeHasCleanBackground(frame.Warp, x, y) ? 0f : 1f) : (1f, 0f, 1f);
                Assert.Equal(m1, masks.M1[x, y]);
                Assert.Equal(m2, masks.M2[x, y]);
                Assert.Equal(m3, masks.M3[x, y]);
            }
        }
    }

    [Fact]
    public void The_content_in_spatially_filled_disocclusions_is_the_per_channel_median_of_DE_the_temporal_fill_and_the_background_copy()
    {
        var (frame, de, temporal) = Plane();
        var naive = BackgroundFill.Fill(frame.Warp.Image, frame.Warp.Holes, frame.Warp.Disparity).Image;
        var masks = RuleBasedFusion.Masks(frame.Warp, temporal, de);
        var fused = RuleBasedFusion.Fuse(frame.Warp, PolyInpaint.RenderRightView(frame.Left, frame.Disparity), de, temporal);

        var disocclusions = frame.Warp.Disocclusions();
        var differs = 0;
        for (var i = 0; i < disocclusions.Data.Length; i++)
        {
            if (frame.Warp.EdgeFringe.Data[i] != 0)
            {
                continue; // the fringe's own content: the next test
            }

            for (var k = 0; k < 3; k++)
            {
                var j = (3 * i) + k;
                var expected = disocclusions.Data[i] != 0
                    ? MedianFill.Median(de.Pixels[j], temporal.Image.Pixels[j], naive.Pixels[j])
                    : de.Pixels[j];
                Assert.Equal(expected, masks.Content.Pixels[j]);
                if (disocclusions.Data[i] != 0)
                {
                    Assert.Equal(expected, fused.Pixels[j]);
                    differs += expected != de.Pixels[j] ? 1 : 0;
                }
            }
        }

        Assert.True(differs > 0, "the median differs from DE somewhere, so the test can tell them apart");
    }

    [Fact]
    public void The_median_of_three_rejects_the_one_that_strays()
    {
        Assert.Equal(102, MedianFill.Median(100, 102, 250));
        Assert.Equal(100, MedianFill.Median(250, 100, 98));
        Assert.Equal(7, MedianFill.Median(7, 7, 0));
        Assert.Equal(5, MedianFill.Median(9, 1, 5));
    }

    [Fact]
    public void The_edge_fringe_takes_the_mean_of_DE_and_the_nearest_clean_background_pixel()
    {
        // Flat colours, the step's background pixel half foreground: it is the fringe at column 34 of every row
        // (EdgeFringeTests), and column 35 shows clean background.
        var left = new RgbImage(64, 8);
        var disparity = new FloatPlane(64, 8);
        byte[] foreground = [200, 40, 40], background = [20, 20, 160];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var plane = x >= 16 && x < 36;
                disparity[x, y] = plane ? 10f : 2f;
                var share = plane ? 1f : x == 36 ? 0.5f : 0f;
                for (var k = 0; k < 3; k++)
                {
                    left.Pixels[(3 * ((y * 64) + x)) + k] = (byte)MathF.Round((share * foreground[k]) + ((1 - share) * background[k]));
                }
            }
        }

        var frame = TemporalFrame.Create(left, disparity);
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var temporal = TemporalInpaint.Fill([frame])[0];
        var fused = RuleBasedFusion.Fuse(frame.Warp, PolyInpaint.RenderRightView(left, disparity), de, temporal);

        for (var y = 0; y < 8; y++)
        {
            Assert.True(frame.Warp.EdgeFringe[34, y]);
            for (var k = 0; k < 3; k++)
            {
                var i = (3 * ((y * 64) + 34)) + k;
                Assert.Equal((de.Pixels[i] + background[k] + 1) / 2, fused.Pixels[i]);
                Assert.NotEqual(frame.Warp.Image.Pixels[i], fused.Pixels[i]); // the mixed colour is gone
            }
        }
    }

    /// <summary>Whether the first non-fringe pixel right of fringe pixel (x, y) is visible (then the fringe takes the mean
    /// of DE and it; else DE alone).</summary>
    private static bool FringeHasCleanBackground(SpatialMe.Stereo.Warping.WarpResult warp, int x, int y)
    {
        var next = x + 1;
        while (next < warp.Image.Width && warp.EdgeFringe[next, y])
        {
            next++;
        }

        return next < warp.Image.Width && !warp.Holes[next, y];
    }

    private static (TemporalFrame Frame, RgbImage De, TemporalFill Temporal) Plane()
    {
        var scene = new LayeredScene(64, 32, backgroundDisparity: 2).Add(16, 8, 20, 16, disparity: 10, seed: 4);
        var frame = TemporalFrame.Create(scene.Left(), scene.Disparity());
        return (frame, DisparityExpansionInpaint.Fill(frame.ExpandedWarp), TemporalInpaint.Fill([frame])[0]);
    }
}
