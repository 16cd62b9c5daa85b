using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Fills each horizontal hole run by copying the pixel on its background side: of the two pixels that bound the run,
/// the one with the smaller disparity (farther). Disocclusions are background that the foreground uncovered, so the
/// farther neighbour is the right colour to extend. This is the naive baseline, and the spatial fill inside other
/// branches. The disparity is filled the same way, so later stages have a complete map.
/// </summary>
public static class BackgroundFill
{
    /// <summary>The naive right view: the forward warp with every hole filled this way (the image only). The naive
    /// baseline of <c>eval</c>, one of the three fills the rule-based fusion takes the median of, and an input of the
    /// refiner that chooses among them.</summary>
    public static RgbImage NaiveView(WarpResult warp)
    {
        ArgumentNullException.ThrowIfNull(warp);
        return Fill(warp.Image, warp.Holes, warp.Disparity).Image;
    }

    public static (RgbImage Image, FloatPlane Disparity) Fill(RgbImage image, Mask holes, FloatPlane disparity)
    {
        var outImage = image.Clone();
        var outDisparity = disparity.Clone();
        Parallel.For(0, image.Height, y =>
        {
            var mask = holes.ReadRow(y);
            var rgb = outImage.Row(y);
            var d = outDisparity.Row(y);
            var x = 0;
            while (x < mask.Length)
            {
                if (mask[x] == 0)
                {
                    x++;
                    continue;
                }

                var end = HoleRuns.RunEnd(mask, x);
                var source = BackgroundSide(x, end, d);
                if (source >= 0)
                {
                    for (var i = x; i < end; i++)
                    {
                        rgb[3 * i] = rgb[3 * source];
                        rgb[(3 * i) + 1] = rgb[(3 * source) + 1];
                        rgb[(3 * i) + 2] = rgb[(3 * source) + 2];
                        d[i] = d[source];
                    }
                }

                x = end;
            }
        });

        if (AnyRowEmpty(holes))
        {
            FillEmptyRowsVertically(outImage, outDisparity, holes);
        }

        return (outImage, outDisparity);
    }

    /// <summary>The column to copy into the hole run [start, end): the farther of its two bounding pixels, or -1 when
    /// the whole row is a hole.</summary>
    internal static int BackgroundSide(int start, int end, ReadOnlySpan<float> disparity)
    {
        var left = start - 1;
        var right = end < disparity.Length ? end : -1;
        if (left < 0)
        {
            return right;
        }

        if (right < 0)
        {
            return left;
        }

        return disparity[right] <= disparity[left] ? right : left;
    }

    private static bool AnyRowEmpty(Mask holes)
    {
        for (var y = 0; y < holes.Height; y++)
        {
            if (holes.ReadRow(y).IndexOfAnyExcept((byte)1) < 0)
            {
                return true;
            }
        }

        return false;
    }

    // A row that is all hole (only with absurd disparities) takes the nearest row that has content.
    private static void FillEmptyRowsVertically(RgbImage image, FloatPlane disparity, Mask holes)
    {
        var h = image.Height;
        var full = new bool[h];
        for (var y = 0; y < h; y++)
        {
            full[y] = holes.ReadRow(y).IndexOfAnyExcept((byte)1) < 0;
        }

        for (var y = 0; y < h; y++)
        {
            if (!full[y])
            {
                continue;
            }

            for (var k = 1; k < h; k++)
            {
                var src = y - k >= 0 && !full[y - k] ? y - k : (y + k < h && !full[y + k] ? y + k : -1);
                if (src >= 0)
                {
                    image.ReadRow(src).CopyTo(image.Row(y));
                    disparity.ReadRow(src).CopyTo(disparity.Row(y));
                    break;
                }
            }
        }
    }
}
