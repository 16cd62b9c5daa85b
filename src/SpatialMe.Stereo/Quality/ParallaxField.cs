using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Quality;

/// <summary>
/// The parallax of a stereo pair measured from its two views alone: SGBM disparity of the left view and of the right
/// view (matched mirrored, so the same matcher serves both), kept where the two agree (left-right consistency within
/// <see cref="ConsistencyPixels"/>). Parallax p = x_right − x_left in % of the width: negative in front of the screen.
/// </summary>
public sealed class ParallaxField
{
    /// <summary>Largest disagreement (px at the working width) between the two views' disparities of one point.</summary>
    public const float ConsistencyPixels = 1f;

    private ParallaxField(FloatPlane parallax, Mask disoccluded)
    {
        Parallax = parallax;
        Disoccluded = disoccluded;
    }

    /// <summary>Parallax of each left-view pixel, % of width; NaN where the views do not consistently match.</summary>
    public FloatPlane Parallax { get; }

    /// <summary>Right-view pixels with no consistent match in the left view: what the right view shows that the left hides.</summary>
    public Mask Disoccluded { get; }

    /// <summary>Matches a pair already reduced to the working width.</summary>
    public static ParallaxField Measure(RgbImage left, RgbImage right, StereoQualityOptions options)
    {
        var (min, count) = options.SearchRange(left.Width);
        var fromLeft = StereoMatchedDisparity.Match(left, right, min, count);
        var fromRight = Mirror(StereoMatchedDisparity.Match(Mirror(right), Mirror(left), min, count));
        var w = left.Width;
        var parallax = new FloatPlane(w, left.Height);
        var disoccluded = new Mask(w, left.Height);
        Parallel.For(0, left.Height, y =>
        {
            var dl = fromLeft.ReadRow(y);
            var dr = fromRight.ReadRow(y);
            var p = parallax.Row(y);
            var hole = disoccluded.Row(y);
            for (var x = 0; x < w; x++)
            {
                // Left pixel x is seen at x − dL in the right view; right pixel x at x + dR in the left view.
                p[x] = Consistent(dl[x], dr, x - dl[x]) ? -dl[x] * 100f / w : float.NaN;
                hole[x] = Consistent(dr[x], dl, x + dr[x]) ? (byte)0 : (byte)1;
            }
        });
        return new ParallaxField(parallax, disoccluded);
    }

    private static bool Consistent(float d, ReadOnlySpan<float> other, float at)
    {
        if (float.IsNaN(d))
        {
            return false;
        }

        var x = (int)MathF.Round(at);
        return x >= 0 && x < other.Length && !float.IsNaN(other[x]) && MathF.Abs(other[x] - d) <= ConsistencyPixels;
    }

    private static RgbImage Mirror(RgbImage image)
    {
        var mirrored = new RgbImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            var src = image.ReadRow(y);
            var dst = mirrored.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                var m = 3 * (image.Width - 1 - x);
                dst[m] = src[3 * x];
                dst[m + 1] = src[(3 * x) + 1];
                dst[m + 2] = src[(3 * x) + 2];
            }
        }

        return mirrored;
    }

    private static FloatPlane Mirror(FloatPlane plane)
    {
        var mirrored = new FloatPlane(plane.Width, plane.Height);
        for (var y = 0; y < plane.Height; y++)
        {
            var src = plane.ReadRow(y);
            var dst = mirrored.Row(y);
            for (var x = 0; x < plane.Width; x++)
            {
                dst[plane.Width - 1 - x] = src[x];
            }
        }

        return mirrored;
    }
}
