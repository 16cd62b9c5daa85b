using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Packing;

/// <summary>Lays out a left/right view pair (or the disparity map) as one output frame in a <see cref="StereoFormat"/>.</summary>
/// <remarks>
/// Half formats squeeze each whole view into its half by exact area averaging (<see cref="BoxCoverage"/>): for an
/// even width every output column is the rounded mean of one horizontal pixel pair. The output keeps the view's
/// size, so for an odd width W the left view gets the first ⌈W/2⌉ columns and the right view the remaining ⌊W/2⌋
/// (each view resampled to its own column count); half-TB does the same with rows (left on top). Half formats need
/// at least 2 columns (SBS) or rows (TB).
/// </remarks>
public static class StereoPacker
{
    public static (int Width, int Height) OutputSize(StereoFormat format, int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"View size must be positive, got {width}x{height}.");
        }

        return format switch
        {
            StereoFormat.FullSbs or StereoFormat.Cross => (checked(2 * width), height),
            StereoFormat.FullTb => (width, checked(2 * height)),
            StereoFormat.HalfSbs when width < 2 =>
                throw new ArgumentException($"half-sbs needs a view at least 2 pixels wide, got {width}.", nameof(width)),
            StereoFormat.HalfTb when height < 2 =>
                throw new ArgumentException($"half-tb needs a view at least 2 pixels high, got {height}.", nameof(height)),
            StereoFormat.HalfSbs or StereoFormat.HalfTb or StereoFormat.Anaglyph or StereoFormat.AnaglyphHalfColor
                or StereoFormat.AnaglyphGray or StereoFormat.Right or StereoFormat.Disparity => (width, height),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a defined stereo format."),
        };
    }

    /// <summary>
    /// Packs the views. <paramref name="disparity"/> is needed (and must match the view size) only for
    /// <see cref="StereoFormat.Disparity"/>; other formats ignore it.
    /// </summary>
    public static RgbImage Pack(StereoFormat format, RgbImage left, RgbImage right, FloatPlane? disparity = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!left.SameSize(right))
        {
            throw new ArgumentException(
                $"Right view is {right.Width}x{right.Height} but the left view is {left.Width}x{left.Height}.", nameof(right));
        }

        if (format == StereoFormat.Disparity)
        {
            if (disparity is null)
            {
                throw new ArgumentException("The disparity format needs a disparity map.", nameof(disparity));
            }

            if (!left.SameSize(disparity))
            {
                throw new ArgumentException(
                    $"Disparity is {disparity.Width}x{disparity.Height} but the views are {left.Width}x{left.Height}.", nameof(disparity));
            }
        }

        var (w, h) = OutputSize(format, left.Width, left.Height);
        var output = new RgbImage(w, h);
        switch (format)
        {
            case StereoFormat.FullSbs:
                SideBySide(left, right, output);
                break;
            case StereoFormat.Cross:
                SideBySide(right, left, output);
                break;
            case StereoFormat.FullTb:
                left.Pixels.CopyTo(output.Pixels, 0);
                right.Pixels.CopyTo(output.Pixels, left.Pixels.Length);
                break;
            case StereoFormat.HalfSbs:
                var leftColumns = (left.Width + 1) / 2;
                HalfSqueeze.IntoColumns(left, output, 0, leftColumns);
                HalfSqueeze.IntoColumns(right, output, leftColumns, left.Width - leftColumns);
                break;
            case StereoFormat.HalfTb:
                var leftRows = (left.Height + 1) / 2;
                HalfSqueeze.IntoRows(left, output, 0, leftRows);
                HalfSqueeze.IntoRows(right, output, leftRows, left.Height - leftRows);
                break;
            case StereoFormat.Anaglyph:
                DuboisAnaglyph.Render(left, right, output);
                break;
            case StereoFormat.AnaglyphHalfColor:
                LumaAnaglyph.RenderHalfColor(left, right, output);
                break;
            case StereoFormat.AnaglyphGray:
                LumaAnaglyph.RenderGray(left, right, output);
                break;
            case StereoFormat.Right:
                right.Pixels.CopyTo(output.Pixels, 0);
                break;
            case StereoFormat.Disparity:
                DisparityGrey.Render(disparity!, output);
                break;
        }

        return output;
    }

    private static void SideBySide(RgbImage first, RgbImage second, RgbImage output)
    {
        var stride = first.Stride;
        Parallel.For(0, first.Height, y =>
        {
            var dst = output.Row(y);
            first.ReadRow(y).CopyTo(dst);
            second.ReadRow(y).CopyTo(dst[stride..]);
        });
    }
}
