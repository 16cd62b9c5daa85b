namespace SpatialMe.Stereo.Imaging;

/// <summary>
/// Linear blends of whole frames. The farm's stitcher renders the frames that two segments of a shot share twice,
/// once by each segment, and fades from the one to the other across the overlap, so the switch between segments
/// never shows as a jump.
/// </summary>
public static class RgbBlend
{
    /// <summary>
    /// (1 − w)·previous + w·next per channel, rounded to nearest (halves up). Weight 0 gives an exact copy of
    /// <paramref name="previous"/> and weight 1 an exact copy of <paramref name="next"/>; where the two frames agree
    /// the bytes are kept at any weight (the double rounding error is far below ½).
    /// </summary>
    public static RgbImage CrossFade(RgbImage previous, RgbImage next, double nextWeight)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (!previous.SameSize(next))
        {
            throw new ArgumentException(
                $"The previous frame is {previous.Width}x{previous.Height} but the next is {next.Width}x{next.Height}.", nameof(next));
        }

        if (!(nextWeight >= 0 && nextWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(nextWeight), nextWeight, "The cross-fade weight must be in [0, 1].");
        }

        var w = nextWeight;
        var output = new RgbImage(previous.Width, previous.Height);
        Parallel.For(0, previous.Height, y =>
        {
            var a = previous.ReadRow(y);
            var b = next.ReadRow(y);
            var dst = output.Row(y);
            for (var i = 0; i < dst.Length; i++)
            {
                // In [0, 255] by construction, so the floor of v + ½ is the nearest byte.
                dst[i] = (byte)(((1 - w) * a[i]) + (w * b[i]) + 0.5);
            }
        });

        return output;
    }
}
