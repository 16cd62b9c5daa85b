namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Tuning of <see cref="CueDepthEstimator"/>. The defaults are the documented ones (docs/depth.md); change them only to
/// experiment. Monocular weights are relative (they are divided by their sum).
/// </summary>
public sealed record CueDepthOptions
{
    /// <summary>Long side of the working resolution in pixels; frames are area-reduced to it, never enlarged.</summary>
    public int WorkingLongSide { get; init; } = 352;

    /// <summary>Weight of the ground-plane ramp (lower in the frame = nearer).</summary>
    public double GroundWeight { get; init; } = 0.5;

    /// <summary>Weight of the dark-channel haze transmission (hazier = farther).</summary>
    public double HazeWeight { get; init; } = 0.3;

    /// <summary>Weight of local contrast (textured, in-focus = nearer).</summary>
    public double FocusWeight { get; init; } = 0.1;

    /// <summary>Largest share of the result given to motion parallax, reached when parallax is plentiful.</summary>
    public double MotionWeight { get; init; } = 0.6;

    /// <summary>Residual parallax (90th percentile, working-size pixels) below which motion is ignored.</summary>
    public double MotionMinParallax { get; init; } = 0.3;

    /// <summary>Residual parallax at which motion gets its full <see cref="MotionWeight"/>.</summary>
    public double MotionFullParallax { get; init; } = 1.2;

    /// <summary>Guided-filter regularisation ε (guide = luma in [0, 1]): smaller keeps more image edges in the depth.</summary>
    public double GuidedEpsilon { get; init; } = 1e-3;

    public static CueDepthOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        if (WorkingLongSide < 32 || WorkingLongSide > 4096)
        {
            throw new ArgumentException($"WorkingLongSide must be between 32 and 4096 pixels, got {WorkingLongSide}.");
        }

        foreach (var (name, value) in new[] { ("GroundWeight", GroundWeight), ("HazeWeight", HazeWeight), ("FocusWeight", FocusWeight) })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"{name} must be a finite number ≥ 0, got {value}.");
            }
        }

        if (GroundWeight + HazeWeight + FocusWeight <= 0)
        {
            throw new ArgumentException("At least one of GroundWeight, HazeWeight, FocusWeight must be positive.");
        }

        if (!double.IsFinite(MotionWeight) || MotionWeight < 0 || MotionWeight > 1)
        {
            throw new ArgumentException($"MotionWeight must be between 0 and 1, got {MotionWeight}.");
        }

        if (!double.IsFinite(MotionMinParallax) || !double.IsFinite(MotionFullParallax) || MotionMinParallax < 0 || MotionFullParallax <= MotionMinParallax)
        {
            throw new ArgumentException($"Need 0 ≤ MotionMinParallax < MotionFullParallax, got {MotionMinParallax} and {MotionFullParallax}.");
        }

        if (!double.IsFinite(GuidedEpsilon) || GuidedEpsilon <= 0)
        {
            throw new ArgumentException($"GuidedEpsilon must be positive, got {GuidedEpsilon}.");
        }
    }
}
