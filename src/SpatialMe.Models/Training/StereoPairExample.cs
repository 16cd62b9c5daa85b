using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;

namespace SpatialMe.Models.Training;

/// <summary>
/// A training example from a real stereo pair: the left view goes through the same steps as in conversion (forward
/// warp with its disparity, then the Poly, DE and temporal branches), and the real right view is the target. The
/// occlusion channel is the warp's holes, exactly what the refiner sees at inference, so the α-weighted loss falls on
/// the pixels it will have to invent. With <c>withRules</c> the inputs carry the rule-based fusion's masks and content
/// too, the relative disparity and the naive fill (<see cref="RefinerInputs.ChannelsWithFills"/>), which a network that
/// corrects them needs (one that reads fewer takes the first 19 or 20); without, the paper's 13 channels, about 45 %
/// less memory per example.
/// </summary>
public static class StereoPairExample
{
    /// <param name="left">The left view.</param>
    /// <param name="right">The real right view (the target).</param>
    /// <param name="disparity">Left-view disparity in pixels (ground truth, or stereo matching on the pair).</param>
    /// <param name="withRules">Add the rules' masks and content (channels 13–18), the relative disparity (19) and the naive
    /// fill (20–22).</param>
    public static TrainingExample Create(RgbImage left, RgbImage right, FloatPlane disparity, bool withRules = true)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(disparity);
        if (!left.SameSize(right))
        {
            throw new ArgumentException($"The right view is {right.Width}x{right.Height} but the left is {left.Width}x{left.Height}.");
        }

        var frame = TemporalFrame.Create(left, disparity);
        var poly = PolyInpaint.RenderRightView(frame.Left, frame.Disparity);
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var temporal = TemporalInpaint.Fill([frame])[0];
        var rules = withRules ? RuleBasedFusion.Masks(frame.Warp, temporal, de) : null;
        using var batch = RefinerInputs.Create(frame.Warp, poly, de, temporal, left.Width, left.Height, rules, withDisparity: withRules, withRules ? BackgroundFill.NaiveView(frame.Warp) : null);
        return new TrainingExample(batch.squeeze(0), ImageTensor.From(right));
    }
}
