using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// The default depth estimator: no weights file, classical cues only. At a working resolution (long side 352) it
/// computes three monocular cues (ground-plane ramp, dark-channel haze transmission, local contrast), each mapped to
/// [0, 1] by its 2nd/98th percentiles, and mixes them by fixed weights; where the previous frame shows enough residual
/// motion it blends in motion parallax with a share that grows with the parallax measured. A guided filter with the
/// luma as guide then snaps depth edges to image edges and carries the result to full size (docs/depth.md).
/// Stateless and thread-safe; the same input gives byte-identical output.
/// </summary>
public sealed class CueDepthEstimator : IDepthEstimator
{
    /// <summary>Smallest output value: inverse depth must stay strictly positive.</summary>
    private const float Floor = 0.05f;

    /// <summary>Correlation between haze transmission and the ground ramp at which the haze cue is fully trusted.</summary>
    private const double HazeAgreementFull = 0.5;

    private readonly CueDepthOptions _options;

    public CueDepthEstimator(CueDepthOptions? options = null)
    {
        _options = options ?? CueDepthOptions.Default;
        _options.Validate();
    }

    public string Name => "cues-v1";

    public string Description => "classical cues (ground plane, haze, focus, motion parallax); no model weights";

    public CueDepthOptions Options => _options;

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (previous is not null && !previous.SameSize(frame))
        {
            throw new ArgumentException(
                $"The previous frame is {previous.Width}x{previous.Height} but the frame is {frame.Width}x{frame.Height}; both must come from the same shot.",
                nameof(previous));
        }

        var work = WorkingFrame.From(frame, _options.WorkingLongSide);
        var depth = Monocular(work);
        if (previous is not null && !ReferenceEquals(previous, frame) && !previous.Pixels.AsSpan().SequenceEqual(frame.Pixels))
        {
            BlendMotion(depth, work, WorkingFrame.From(previous, _options.WorkingLongSide));
        }

        var longSide = Math.Max(work.Width, work.Height);
        var radius = Math.Max(2, longSide / 40);
        var (a, b) = GuidedFilter.Coefficients(work.Luma, depth, radius, (float)_options.GuidedEpsilon);
        return GuidedUpsampler.Apply(frame, a, b, Floor);
    }

    /// <summary>Weighted mean of the normalised monocular cues; a cue that is flat on this frame drops out.</summary>
    internal FloatPlane Monocular(WorkingFrame work)
    {
        var longSide = Math.Max(work.Width, work.Height);
        var cues = new List<(FloatPlane Cue, float Weight)>(3);
        var ground = GroundPlaneCue.Compute(work.Width, work.Height);
        AddCue(cues, ground, _options.GroundWeight);
        if (_options.HazeWeight > 0)
        {
            var haze = HazeCue.Compute(work, Math.Max(1, longSide / 70));
            if (RobustPercentiles.NormalizeInPlace(haze))
            {
                cues.Add((haze, (float)(_options.HazeWeight * HazeConfidence(haze, ground))));
            }
        }

        if (_options.FocusWeight > 0)
        {
            AddCue(cues, FocusCue.Compute(work, Math.Max(2, longSide / 40)), _options.FocusWeight);
        }

        var mixed = new FloatPlane(work.Width, work.Height);
        if (cues.Count == 0)
        {
            return mixed; // every cue flat: no depth information, a flat plane is the honest answer
        }

        var total = 0f;
        foreach (var (_, weight) in cues)
        {
            total += weight;
        }

        if (total <= 0f)
        {
            return mixed;
        }

        foreach (var (cue, weight) in cues)
        {
            var share = weight / total;
            for (var i = 0; i < mixed.Data.Length; i++)
            {
                mixed.Data[i] += share * cue.Data[i];
            }
        }

        return mixed;
    }

    /// <summary>
    /// How far to trust the haze cue on this frame. Real aerial perspective grows with distance, and distance in most
    /// footage grows towards the top of the frame (sky, horizon); a "haze" map that is not laid out that way is mostly
    /// albedo (white walls, paper, bright clothes read as far by the dark channel prior). So the weight scales with the
    /// correlation between transmission and the ground ramp: 0 at or below 0, full from <see cref="HazeAgreementFull"/>.
    /// Where the cue is trusted it adds what the ramp cannot: the shapes of near objects against sky or haze.
    /// </summary>
    private static double HazeConfidence(FloatPlane haze, FloatPlane ground)
    {
        var t = Math.Clamp(PlaneCorrelation.Pearson(haze, ground) / HazeAgreementFull, 0, 1);
        return t * t * (3 - (2 * t));
    }

    private static void AddCue(List<(FloatPlane, float)> cues, FloatPlane cue, double weight)
    {
        if (weight > 0 && RobustPercentiles.NormalizeInPlace(cue))
        {
            cues.Add((cue, (float)weight));
        }
    }

    /// <summary>depth ← (1 − m)·depth + m·parallax, m = MotionWeight · smoothstep(min, full, measured parallax).</summary>
    private void BlendMotion(FloatPlane depth, WorkingFrame work, WorkingFrame previous)
    {
        var (cue, parallax) = MotionParallaxCue.Compute(work, previous, (float)_options.MotionMinParallax);
        if (cue is null)
        {
            return;
        }

        var t = Math.Clamp((parallax - _options.MotionMinParallax) / (_options.MotionFullParallax - _options.MotionMinParallax), 0, 1);
        var share = (float)(_options.MotionWeight * t * t * (3 - (2 * t)));
        if (share <= 0f)
        {
            return;
        }

        for (var i = 0; i < depth.Data.Length; i++)
        {
            depth.Data[i] = ((1f - share) * depth.Data[i]) + (share * cue.Data[i]);
        }
    }
}
