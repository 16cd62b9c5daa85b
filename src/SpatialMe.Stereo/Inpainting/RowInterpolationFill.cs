using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Fills each interior hole run with a linear ramp between the two pixels that bound it; runs touching the image border
/// copy their one neighbour. Right after disparity expansion both bounds of a disocclusion are background, so a ramp
/// between them is a background-only fill.
/// </summary>
public static class RowInterpolationFill
{
    public static RgbImage Fill(RgbImage image, Mask holes)
    {
        var output = image.Clone();
        Parallel.For(0, image.Height, y =>
        {
            var mask = holes.ReadRow(y);
            var rgb = output.Row(y);
            var w = mask.Length;
            var x = 0;
            while (x < w)
            {
                if (mask[x] == 0)
                {
                    x++;
                    continue;
                }

                var end = HoleRuns.RunEnd(mask, x);
                var left = x - 1;
                var right = end < w ? end : -1;
                if (left < 0 && right < 0)
                {
                    x = end;
                    continue;
                }

                var a = left >= 0 ? left : right;
                var b = right >= 0 ? right : left;
                var span = end - x + 1;
                for (var i = x; i < end; i++)
                {
                    var t = (float)(i - x + 1) / span;
                    for (var c = 0; c < 3; c++)
                    {
                        rgb[(3 * i) + c] = (byte)((rgb[(3 * a) + c] * (1 - t)) + (rgb[(3 * b) + c] * t) + 0.5f);
                    }
                }

                x = end;
            }
        });
        return output;
    }
}
