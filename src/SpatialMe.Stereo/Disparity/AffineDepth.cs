using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// An affine map of normalised depth, y = Scale·x + Shift. Relative depth from a monocular estimator is only known
/// up to such a map, so two segments of one shot estimated separately differ by one; <see cref="DepthAlignment.Fit"/>
/// measures it on their shared frames and chains of them (<see cref="Then"/>) carry every segment onto the first.
/// </summary>
public readonly record struct AffineDepth(double Scale, double Shift)
{
    /// <summary>y = x: leaves depth untouched (the first segment of a shot).</summary>
    public static AffineDepth Identity { get; } = new(1, 0);

    /// <summary>
    /// This map followed by <paramref name="outer"/>: outer(this(x)). Segment i's map onto segment 0 is its own fit
    /// onto segment i − 1, then segment i − 1's map.
    /// </summary>
    public AffineDepth Then(AffineDepth outer) => new(outer.Scale * Scale, (outer.Scale * Shift) + outer.Shift);

    /// <summary>
    /// Applies the map to every pixel in double precision, without clamping: an aligned segment may leave [0, 1], and
    /// clamping here would hide the offset that the cross-fade is meant to hide smoothly (the disparity mapping clamps
    /// later). <see cref="Identity"/> returns an exact copy.
    /// </summary>
    public FloatPlane Apply(FloatPlane normalizedDepth)
    {
        ArgumentNullException.ThrowIfNull(normalizedDepth);
        var (scale, shift) = this;
        var output = new FloatPlane(normalizedDepth.Width, normalizedDepth.Height);
        Parallel.For(0, normalizedDepth.Height, y =>
        {
            var src = normalizedDepth.ReadRow(y);
            var dst = output.Row(y);
            for (var x = 0; x < src.Length; x++)
            {
                dst[x] = (float)((scale * src[x]) + shift);
            }
        });

        return output;
    }
}
