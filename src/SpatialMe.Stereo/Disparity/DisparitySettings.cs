namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// How normalised depth becomes right-view disparity. The left view is the input and stays untouched; the right view
/// gets the whole divergence. See docs/method.md for the formulas.
/// </summary>
public sealed record DisparitySettings
{
    public const double DefaultDivergence = 2.0;
    public const double DefaultConvergence = 0.5;

    /// <summary>3D strength: the disparity range between nearest and farthest, in percent of the image width.</summary>
    public double Divergence { get; init; } = DefaultDivergence;

    /// <summary>Zero-parallax plane in normalised depth [0, 1]: 0 puts the far plane on the screen (everything pops out),
    /// 1 puts the nearest point on the screen (everything behind it).</summary>
    public double Convergence { get; init; } = DefaultConvergence;

    public static DisparitySettings Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Divergence) || Divergence < 0 || Divergence > 20)
        {
            throw new ArgumentException($"divergence must be between 0 and 20 (% of image width), got {Divergence}.");
        }

        if (!double.IsFinite(Convergence) || Convergence < 0 || Convergence > 1)
        {
            throw new ArgumentException($"convergence must be between 0 and 1, got {Convergence}.");
        }
    }

    /// <summary>Total disparity range in pixels for an image of the given width.</summary>
    public double RangePixels(int width) => Divergence / 100.0 * width;
}
