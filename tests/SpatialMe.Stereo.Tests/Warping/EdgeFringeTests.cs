using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Tests.Warping;

public sealed class EdgeFringeTests
{
    private static readonly byte[] Foreground = [200, 40, 40];
    private static readonly byte[] Background = [20, 20, 160];

    /// <summary>A plane at disparity 10 (left columns 16..35) over a background at <paramref name="background"/>, in flat
    /// colours; column 36, the step's background pixel, is <paramref name="share"/> foreground mixed into background, as
    /// a camera records the pixel beside an edge. At a background disparity of 2 the plane lands at 6..25, column 36 at 34,
    /// and the disocclusion is columns 26..33.</summary>
    private static (RgbImage Left, FloatPlane Disparity) Plane(float share, float background = 2f)
    {
        var left = new RgbImage(64, 8);
        var disparity = new FloatPlane(64, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var plane = x >= 16 && x < 36;
                disparity[x, y] = plane ? 10f : background;
                var mix = plane ? 1f : x == 36 ? share : 0f;
                for (var k = 0; k < 3; k++)
                {
                    left.Pixels[(3 * ((y * 64) + x)) + k] = (byte)MathF.Round((mix * Foreground[k]) + ((1 - mix) * Background[k]));
                }
            }
        }

        return (left, disparity);
    }

    private static int[] FringeColumns(WarpResult warp, int y) => [.. Enumerable.Range(0, warp.EdgeFringe.Width).Where(x => warp.EdgeFringe[x, y])];

    [Fact]
    public void At_integer_disparities_the_fringe_is_the_one_column_that_shows_the_steps_mixed_pixel()
    {
        var (left, disparity) = Plane(share: 0.5f);

        var warp = ForwardWarp.Warp(left, disparity);

        for (var y = 0; y < 8; y++)
        {
            Assert.Equal([34], FringeColumns(warp, y));
        }

        Assert.True(warp.Holes[33, 0] && !warp.Holes[34, 0], "the fringe column is the first visible one past the disocclusion");
    }

    [Fact]
    public void At_a_fractional_disparity_the_mixed_pixel_splats_onto_two_columns_and_both_are_fringe()
    {
        // Background at 2.5: column 36 lands at 33.5, between columns 33 and 34.
        var (left, disparity) = Plane(share: 0.5f, background: 2.5f);

        var warp = ForwardWarp.Warp(left, disparity);

        Assert.Equal([33, 34], FringeColumns(warp, 3));
        Assert.False(warp.Holes[33, 3]);
        Assert.True(warp.Holes[32, 3]);
    }

    [Fact]
    public void A_clean_background_pixel_at_the_step_is_no_fringe()
    {
        // A sharp edge: the step's background pixel holds none of the foreground, so there is no false edge to replace.
        var (left, disparity) = Plane(share: 0f);

        var warp = ForwardWarp.Warp(left, disparity);

        Assert.Equal(0, warp.EdgeFringe.Count());
        Assert.True(warp.Disocclusions().Count() > 0);
    }

    [Fact]
    public void A_step_under_a_pixel_opens_no_disocclusion_and_has_no_fringe()
    {
        var (left, disparity) = Plane(share: 0.5f);
        for (var i = 0; i < disparity.Data.Length; i++)
        {
            disparity.Data[i] = disparity.Data[i] == 10f ? 2.6f : 2f;
        }

        var warp = ForwardWarp.Warp(left, disparity);

        Assert.Equal(0, warp.EdgeFringe.Count());
    }

    [Fact]
    public void The_border_band_the_left_view_never_saw_has_no_fringe()
    {
        // A uniform disparity opens only the band at the right border; nothing there is a foreground edge.
        var (left, disparity) = Plane(share: 0.5f);
        Array.Fill(disparity.Data, 6f);

        var warp = ForwardWarp.Warp(left, disparity);

        Assert.True(warp.OutOfView.Count() > 0);
        Assert.Equal(0, warp.EdgeFringe.Count());
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0.5f, 0.5f)]
    [InlineData(1f, 1f)]
    public void The_foreground_share_places_a_pixel_between_the_colours_two_columns_either_side(float mixed, float expected)
    {
        var (left, _) = Plane(share: mixed);

        Assert.Equal(expected, EdgeFringe.ForegroundShare(left.ReadRow(0), 36), 0.01f);
    }
}
