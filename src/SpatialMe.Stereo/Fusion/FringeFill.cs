using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// The background behind the warp's edge fringe (<see cref="EdgeFringe"/>): the mean of two estimates of it with
/// independent errors — DE's rendering of the column (DE carried the mixed pixel away with the foreground and filled
/// behind it from its expanded warp) and the nearest clean background pixel, the first visible non-fringe pixel to the
/// right in the plain warp. Where that pixel is a hole or past the image, DE's value alone.
/// </summary>
public static class FringeFill
{
    /// <summary>Writes the estimate into <paramref name="content"/> on every fringe pixel and reports which pixels have it
    /// (the others keep DE).</summary>
    public static Mask Apply(WarpResult warp, RgbImage de, RgbImage content)
    {
        var w = warp.Image.Width;
        var filled = new Mask(w, warp.Image.Height);
        Parallel.For(0, warp.Image.Height, y =>
        {
            var fringe = warp.EdgeFringe.ReadRow(y);
            var holes = warp.Holes.ReadRow(y);
            var image = warp.Image.ReadRow(y);
            var expanded = de.ReadRow(y);
            var dst = content.Row(y);
            var done = filled.Row(y);
            for (var x = 0; x < w; x++)
            {
                if (fringe[x] == 0)
                {
                    continue;
                }

                var next = x + 1;
                while (next < w && fringe[next] != 0)
                {
                    next++;
                }

                if (next >= w || holes[next] != 0)
                {
                    continue;
                }

                for (var k = 0; k < 3; k++)
                {
                    dst[(3 * x) + k] = (byte)((expanded[(3 * x) + k] + image[(3 * next) + k] + 1) / 2);
                }

                done[x] = 1;
            }
        });

        return filled;
    }
}
