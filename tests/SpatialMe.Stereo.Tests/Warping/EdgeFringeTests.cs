using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Warping;

public sealed class EdgeFringeTests
{
    // A plane at disparity 10 over a background at 2: its left-view columns 16..35 land at 6..25, the background from
    // column 36 (the step's background pixel, the one a camera mixes with the plane's edge) lands at 34, so the
    // disocclusion is columns 26..33 of the plane's rows.
    private static LayeredScene Plane() => new LayeredScene(64, 32, backgroundDisparity: 2).Add(16, 8, 20, 16, disparity: 10, seed: 4);

    [Fact]
    public void At_integer_disparities_the_fringe_is_the_one_column_that_shows_the_steps_background_pixel()
    {
        var scene = Plane();
        var warp = ForwardWarp.Warp(scene.Left(), scene.Disparity());

        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var expected = y >= 8 && y < 24 && x == 34;
                Assert.True(expected == warp.EdgeFringe[x, y], $"({x}, {y}): fringe {warp.EdgeFringe[x, y]}, expected {expected}");
            }
        }

        Assert.True(warp.Holes[33, 10] && !warp.Holes[34, 10], "the fringe column is the first visible one past the disocclusion");
    }

    [Fact]
    public void At_a_fractional_disparity_the_steps_background_pixel_splats_onto_two_columns_and_both_are_fringe()
    {
        // Background at 2.5: column 36 lands at 33.5, between columns 33 and 34.
        var scene = Plane();
        var disparity = scene.Disparity();
        for (var i = 0; i < disparity.Data.Length; i++)
        {
            if (disparity.Data[i] == 2f)
            {
                disparity.Data[i] = 2.5f;
            }
        }

        var warp = ForwardWarp.Warp(scene.Left(), disparity);

        var row = Enumerable.Range(0, 64).Where(x => warp.EdgeFringe[x, 12]).ToArray();
        Assert.Equal([33, 34], row);
        Assert.False(warp.Holes[33, 12]);
        Assert.True(warp.Holes[32, 12]);
    }

    [Fact]
    public void A_step_under_a_pixel_opens_no_disocclusion_and_has_no_fringe()
    {
        var disparity = new FloatPlane(64, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                disparity[x, y] = x < 30 ? 4.6f : 4f;
            }
        }

        var warp = ForwardWarp.Warp(new LayeredScene(64, 8, backgroundDisparity: 0).Left(), disparity);

        Assert.Equal(0, warp.EdgeFringe.Count());
    }

    [Fact]
    public void The_border_band_the_left_view_never_saw_has_no_fringe()
    {
        // A uniform disparity opens only the band at the right border; nothing there is a foreground edge.
        var disparity = new FloatPlane(64, 8);
        Array.Fill(disparity.Data, 6f);

        var warp = ForwardWarp.Warp(new LayeredScene(64, 8, backgroundDisparity: 0).Left(), disparity);

        Assert.True(warp.OutOfView.Count() > 0);
        Assert.Equal(0, warp.EdgeFringe.Count());
    }
}
