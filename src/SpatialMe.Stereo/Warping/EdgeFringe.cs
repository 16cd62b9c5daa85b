using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Warping;

/// <summary>
/// The edge fringe of a forward warp: visible right-view pixels just past a disocclusion that show the left view's
/// first background pixel beside a foreground edge. A camera (and any anti-aliased render) records that pixel as a mix
/// of the foreground and the background, and its disparity is the background's, so the warp puts a foreground-coloured
/// sliver on the far side of every disocclusion — a false edge one or two columns wide, where the true right view shows
/// background only. Disparity expansion (the DE branch) carries exactly those pixels with the foreground, which is why
/// DE's rendering of them is the better one (<see cref="Fusion.RuleBasedFusion"/>).
/// </summary>
/// <remarks>
/// Right pixel x shows left position x + d (d its warped disparity); it is fringe when the left pixel s within one
/// pixel of that position (the reach of the warp's linear splat) is the background side of a depth step of at least
/// <see cref="MinimumStep"/> pixels (d(s − 1) − d(s), the width of the disocclusion the step opens), x shows s's
/// surface, a disocclusion ends at most <see cref="MaximumGap"/> columns to its left, and s's colour holds at least
/// <see cref="MinimumForegroundShare"/> of the foreground's (it is mixed, not clean background).
/// </remarks>
public static class EdgeFringe
{
    /// <summary>The smallest depth step (px of disparity) whose background pixel counts as fringe: a step that opens a
    /// disocclusion at least a pixel wide.</summary>
    public const float MinimumStep = 1f;

    /// <summary>How far past a disocclusion's last column a fringe pixel may be: the mixed pixel splats onto two columns,
    /// and the first of them may be left a hole or given to the grazing foreground (the warp's coverage rule).</summary>
    public const int MaximumGap = 3;

    /// <summary>The least share of the foreground's colour a fringe pixel must hold: its colour, projected on the line from
    /// the background's colour to the foreground's, at least this far from the background. A pixel that shows clean
    /// background (the depth edge not on the colour edge, or a sharp camera edge) is left to the warp.</summary>
    public const float MinimumForegroundShare = 0.1f;

    /// <summary>How far along the row (px) the foreground's and the background's colours are read on either side of the
    /// step's background pixel: two, so a neighbour that is itself part of a blurred edge is not taken for either.</summary>
    public const int ColourReach = 2;

    public static Mask Of(RgbImage left, FloatPlane leftDisparity, Mask holes, Mask outOfView, FloatPlane warpedDisparity)
    {
        var w = holes.Width;
        var fringe = new Mask(w, holes.Height);
        Parallel.For(0, holes.Height, y => Row(left.ReadRow(y), leftDisparity.ReadRow(y), holes.ReadRow(y), outOfView.ReadRow(y), warpedDisparity.ReadRow(y), fringe.Row(y)));
        return fringe;
    }

    /// <summary>The share of the foreground's colour in left pixel <paramref name="s"/>: 0 for the background's colour, 1 for
    /// the foreground's; 0 where the two are the same (no false edge to see).</summary>
    internal static float ForegroundShare(ReadOnlySpan<byte> rgb, int s)
    {
        var w = rgb.Length / 3;
        var f = Math.Max(0, s - ColourReach);
        var b = Math.Min(w - 1, s + ColourReach);
        float along = 0, length = 0;
        for (var k = 0; k < 3; k++)
        {
            float foreground = rgb[(3 * f) + k], background = rgb[(3 * b) + k], pixel = rgb[(3 * s) + k];
            along += (pixel - background) * (foreground - background);
            length += (foreground - background) * (foreground - background);
        }

        return length > 0 ? along / length : 0f;
    }

    private static void Row(ReadOnlySpan<byte> rgb, ReadOnlySpan<float> left, ReadOnlySpan<byte> holes, ReadOnlySpan<byte> outOfView, ReadOnlySpan<float> warped, Span<byte> fringe)
    {
        var w = holes.Length;
        var lastDisocclusion = int.MinValue / 2;
        for (var x = 0; x < w; x++)
        {
            if (holes[x] != 0)
            {
                if (outOfView[x] == 0)
                {
                    lastDisocclusion = x;
                }

                continue;
            }

            if (x - lastDisocclusion > MaximumGap)
            {
                continue;
            }

            var d = warped[x];
            var source = x + d;
            var first = (int)MathF.Floor(source);
            for (var s = Math.Max(1, first); s <= first + 1 && s < w; s++)
            {
                if (MathF.Abs(source - s) < 1f && left[s - 1] - left[s] >= MinimumStep && MathF.Abs(left[s] - d) < ForwardWarp.SurfaceTolerance && ForegroundShare(rgb, s) >= MinimumForegroundShare)
                {
                    fringe[x] = 1;
                    break;
                }
            }
        }
    }
}
