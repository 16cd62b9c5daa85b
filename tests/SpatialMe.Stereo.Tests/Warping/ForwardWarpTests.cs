using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Warping;

public sealed class ForwardWarpTests
{
    private static LayeredScene ThreePlanes() =>
        new LayeredScene(96, 64, backgroundDisparity: 2)
            .Add(20, 10, 30, 40, disparity: 9, seed: 2)
            .Add(40, 20, 25, 30, disparity: 15, seed: 3);

    [Fact]
    public void Warp_of_textured_planes_at_integer_disparities_reproduces_the_exact_right_view_and_hole_mask()
    {
        var scene = ThreePlanes();
        var (expected, expectedHoles) = scene.ExactRight();

        var warp = ForwardWarp.Warp(scene.Left(), scene.Disparity());

        Assert.Equal(expectedHoles.Data, warp.Holes.Data);
        for (var i = 0; i < expectedHoles.Data.Length; i++)
        {
            if (expectedHoles.Data[i] == 0)
            {
                Assert.Equal(expected.Pixels[3 * i], warp.Image.Pixels[3 * i]);
                Assert.Equal(expected.Pixels[(3 * i) + 1], warp.Image.Pixels[(3 * i) + 1]);
                Assert.Equal(expected.Pixels[(3 * i) + 2], warp.Image.Pixels[(3 * i) + 2]);
            }
        }
    }

    [Fact]
    public void Nearer_surface_wins_where_two_surfaces_land_on_the_same_pixels()
    {
        // The 15 px plane overlaps the 9 px plane in the right view; the nearer one must be visible there.
        var scene = ThreePlanes();
        var warp = ForwardWarp.Warp(scene.Left(), scene.Disparity());
        for (var y = 20; y < 50; y++)
        {
            for (var x = 40 - 15; x < 40 + 25 - 15; x++)
            {
                Assert.Equal(15f, warp.Disparity[x, y]);
            }
        }
    }

    [Fact]
    public void Warped_disparity_is_carried_with_each_pixel_and_holes_have_none()
    {
        var scene = ThreePlanes();
        var warp = ForwardWarp.Warp(scene.Left(), scene.Disparity());
        var (_, holes) = scene.ExactRight();
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++)
            {
                if (holes[x, y])
                {
                    Assert.Equal(0f, warp.Disparity[x, y]);
                }
                else
                {
                    Assert.Contains(warp.Disparity[x, y], new[] { 2f, 9f, 15f });
                }
            }
        }
    }

    [Fact]
    public void Border_band_the_left_view_never_saw_is_marked_out_of_view_and_disocclusions_are_not()
    {
        var scene = ThreePlanes();
        var warp = ForwardWarp.Warp(scene.Left(), scene.Disparity());

        // Background disparity 2 leaves the two rightmost columns unseen in every row.
        for (var y = 0; y < scene.Height; y++)
        {
            Assert.True(warp.OutOfView[scene.Width - 1, y]);
            Assert.True(warp.OutOfView[scene.Width - 2, y]);
            Assert.False(warp.OutOfView[scene.Width - 3, y]);
        }

        // The disocclusion right of the 15 px plane (7 px wide in its rows) is a hole but not out of view.
        var disocclusions = warp.Disocclusions();
        Assert.True(warp.Holes[40 + 25 - 15, 30]);
        Assert.True(disocclusions[40 + 25 - 15, 30]);
        Assert.False(warp.OutOfView[40 + 25 - 15, 30]);
    }

    [Fact]
    public void Half_pixel_disparity_splats_an_even_blend_of_two_neighbours()
    {
        var left = new RgbImage(8, 1);
        for (var x = 0; x < 8; x++)
        {
            left.Pixels[3 * x] = (byte)(x * 20);
        }

        var disparity = new FloatPlane(8, 1);
        Array.Fill(disparity.Data, 0.5f);
        var warp = ForwardWarp.Warp(left, disparity);

        // Right column c gathers left pixels c and c+1 (they land at c − 0.5 and c + 0.5) with weight 1/2 each.
        for (var c = 0; c < 7; c++)
        {
            Assert.False(warp.Holes[c, 0]);
            Assert.Equal((c * 20) + 10, warp.Image.Pixels[3 * c]);
        }
    }

    [Fact]
    public void Background_seen_through_a_stretched_continuous_surface_is_a_hole_not_content()
    {
        // A slanted foreground (disparity falling 0.8 px per pixel) stretches apart in the right view; the far
        // background behind it would show through the gaps, but a continuous surface hides what is behind it.
        var left = new RgbImage(60, 1);
        var d = new FloatPlane(60, 1);
        for (var x = 0; x < 60; x++)
        {
            left.Pixels[3 * x] = (byte)(100 + x);
            d[x, 0] = x is >= 20 and < 30 ? 20f - (0.8f * (x - 20)) : 0f;
        }

        var warp = ForwardWarp.Warp(left, d);
        // Foreground pixel 20 lands at 0, pixel 29 at 16.2: every column from 1 to 16 lies inside the stretched
        // surface, so none of them may show the background pixels 1..16 that land there.
        for (var c = 1; c <= 16; c++)
        {
            var leaked = !warp.Holes[c, 0] && warp.Disparity[c, 0] == 0f;
            Assert.False(leaked, $"column {c} shows background through the foreground");
        }
    }

    [Fact]
    public void A_nearer_edge_landing_between_columns_leaves_no_hole_and_mixes_into_the_background_it_grazes()
    {
        // Background (disparity 1.6) and an object from pixel 20 on (disparity 4.4): the object's first pixel lands at
        // 15.6, covering 40 % of column 15, which the background (pixels 16 and 17) covers whole. Both eyes see the
        // background there: no hole, and the pixel is 60 % background, 40 % the object's edge.
        var left = new RgbImage(40, 1);
        var d = new FloatPlane(40, 1);
        for (var x = 0; x < 40; x++)
        {
            left.Pixels[3 * x] = (byte)(x < 20 ? 100 : 200);
            d[x, 0] = x < 20 ? 1.6f : 4.4f;
        }

        var warp = ForwardWarp.Warp(left, d);

        Assert.False(warp.Holes[15, 0]);
        Assert.Equal(140, warp.Image.Pixels[3 * 15]);
        Assert.Equal(1.6f, warp.Disparity[15, 0], 3);
        Assert.Equal(200, warp.Image.Pixels[3 * 16]); // the object from the next column on
    }

    [Fact]
    public void Background_beside_a_thin_near_object_stays_visible_when_the_object_jumps_over_it()
    {
        // A 10 px object with disparity 12 jumps left past background pixels 8 and 9, which both eyes see.
        var left = new RgbImage(40, 1);
        var d = new FloatPlane(40, 1);
        for (var x = 0; x < 40; x++)
        {
            left.Pixels[3 * x] = (byte)(100 + x);
            d[x, 0] = x is >= 10 and < 20 ? 12f : 0f;
        }

        var warp = ForwardWarp.Warp(left, d);
        Assert.False(warp.Holes[8, 0]);
        Assert.False(warp.Holes[9, 0]);
        Assert.Equal(108, warp.Image.Pixels[3 * 8]);
        // Right-view columns 10..19 look at background the left view hides behind the object: holes.
        for (var c = 10; c < 20; c++)
        {
            Assert.True(warp.Holes[c, 0], $"column {c} should be a hole");
        }
    }
}
