using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;

namespace SpatialMe.Stereo.Tests.Inpainting;

public sealed class BackgroundFillTests
{
    [Fact]
    public void Each_hole_run_copies_its_farther_neighbour_and_its_disparity()
    {
        // Row: fg (d 9, red 200) | hole ×3 | bg (d 2, red 50) | hole ×2 | fg (d 7, red 90) | hole at the border.
        var image = new RgbImage(9, 1);
        var holes = new Mask(9, 1);
        var d = new FloatPlane(9, 1);
        Set(0, 200, 9);
        holes[1, 0] = holes[2, 0] = holes[3, 0] = true;
        Set(4, 50, 2);
        holes[5, 0] = holes[6, 0] = true;
        Set(7, 90, 7);
        holes[8, 0] = true;

        var (filled, disparity) = BackgroundFill.Fill(image, holes, d);
        Assert.Equal(new byte[] { 200, 50, 50, 50, 50, 50, 50, 90, 90 }, Enumerable.Range(0, 9).Select(x => filled.Pixels[3 * x]).ToArray());
        Assert.Equal(new float[] { 9, 2, 2, 2, 2, 2, 2, 7, 7 }, disparity.Data);

        void Set(int x, byte red, float disparityValue)
        {
            image.Pixels[3 * x] = red;
            d[x, 0] = disparityValue;
        }
    }

    [Fact]
    public void Row_interpolation_ramps_between_the_two_bounds_and_copies_at_borders()
    {
        var image = new RgbImage(7, 1);
        var holes = new Mask(7, 1);
        image.Pixels[0] = 0;
        image.Pixels[3 * 4] = 100;
        for (var x = 1; x < 4; x++)
        {
            holes[x, 0] = true;
        }

        holes[5, 0] = holes[6, 0] = true;
        var filled = RowInterpolationFill.Fill(image, holes);
        // Three pixels between 0 and 100: t = 1/4, 2/4, 3/4.
        Assert.Equal(new byte[] { 0, 25, 50, 75, 100, 100, 100 }, Enumerable.Range(0, 7).Select(x => filled.Pixels[3 * x]).ToArray());
    }
}
