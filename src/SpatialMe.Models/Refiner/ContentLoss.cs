using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The paper's content loss (§III-D, eq. 8): L1 between the output and the ground truth, weighted α inside the
/// occlusion mask O and 1 outside, so the network is judged mostly on the pixels it has to invent. Eq. 8 sums over
/// pixels; this is that sum divided by the number of values (pixels × channels × batch), which keeps the loss's scale
/// (and so the learning rate) independent of the crop size.
/// </summary>
public static class ContentLoss
{
    /// <summary>α of eq. 8.</summary>
    public const double DefaultOcclusionWeight = 10;

    /// <param name="output">N × 3 × H × W.</param>
    /// <param name="target">N × 3 × H × W, the ground truth.</param>
    /// <param name="occlusion">N × 1 × H × W, 1 in occlusions and 0 elsewhere.</param>
    public static Tensor OcclusionWeightedL1(Tensor output, Tensor target, Tensor occlusion, double alpha = DefaultOcclusionWeight)
    {
        using var scope = NewDisposeScope();
        var weight = 1 + ((alpha - 1) * occlusion);
        return ((output - target).abs() * weight).mean().MoveToOuterDisposeScope();
    }
}
