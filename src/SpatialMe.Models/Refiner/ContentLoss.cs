using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The paper's content loss (§III-D, eq. 8): L1 between the output and the ground truth, weighted α inside the
/// occlusion mask O and 1 outside, so the network is judged mostly on the pixels it has to invent. Eq. 8 sums over
/// pixels; this is that sum divided by the number of values (pixels × channels × batch), which keeps the loss's scale
/// (and so the learning rate) independent of the crop size. The weight of visible pixels is 1 in the paper and a
/// setting here (<c>visibleWeight</c>): the refiner's result on visible pixels near the holes is judged by L1 against
/// a near-exact warp, which pulls its masks to the plain warp there, while what makes a fill look right in a window
/// around the hole (SSIM, docs/quality.md) is that its surroundings agree with it.
/// </summary>
public static class ContentLoss
{
    /// <summary>α of eq. 8.</summary>
    public const double DefaultOcclusionWeight = 10;

    /// <param name="output">N × 3 × H × W.</param>
    /// <param name="target">N × 3 × H × W, the ground truth.</param>
    /// <param name="occlusion">N × 1 × H × W, 1 in occlusions and 0 elsewhere.</param>
    /// <param name="alpha">Weight of occluded pixels.</param>
    /// <param name="visibleWeight">Weight of visible pixels (1 in eq. 8).</param>
    public static Tensor OcclusionWeightedL1(Tensor output, Tensor target, Tensor occlusion, double alpha = DefaultOcclusionWeight, double visibleWeight = 1)
    {
        using var scope = NewDisposeScope();
        return WeightedError(output, target, occlusion, alpha, visibleWeight).mean().MoveToOuterDisposeScope();
    }

    /// <summary>The floor under a crop's rule-based L1 in <see cref="RelativeToRules"/>: no crop weighs more than this
    /// allows, however near the rules come to the truth there (a few visible pixels, a hole a pixel wide).</summary>
    public const double RelativeFloor = 0.005;

    /// <summary>
    /// The occlusion-weighted L1 with each crop weighed by how well the rule-based fusion does on it (not in the paper):
    /// mean over crops of L1(output) / (L1(rules) + floor), times the batch's mean L1(rules) so the value stays on the
    /// L1's scale (it is about the plain L1 when the output is the rules'). The plain L1 sums errors, so crops whose holes
    /// no branch fills well dominate it, and a network can lower it by hedging there at the cost of crops the rules
    /// already fill well; here a crop made 10 % worse costs as much as another made 10 % better gains.
    /// </summary>
    /// <param name="output">N × 3 × H × W, the network's result.</param>
    /// <param name="rules">N × 3 × H × W, the rule-based fusion's result on the same crops (no gradient flows to it).</param>
    public static Tensor RelativeToRules(Tensor output, Tensor rules, Tensor target, Tensor occlusion, double alpha = DefaultOcclusionWeight, double visibleWeight = 1)
    {
        using var scope = NewDisposeScope();
        var own = PerCrop(output, target, occlusion, alpha, visibleWeight);
        var baseline = PerCrop(rules.detach(), target, occlusion, alpha, visibleWeight);
        return ((own / (baseline + RelativeFloor)).mean() * baseline.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>The occlusion-weighted L1 of each crop: N values.</summary>
    private static Tensor PerCrop(Tensor output, Tensor target, Tensor occlusion, double alpha, double visibleWeight) =>
        WeightedError(output, target, occlusion, alpha, visibleWeight).flatten(1).mean([1L]);

    /// <summary>Eq. 8's terms: each value's absolute error, weighted α in the occlusions and visibleWeight elsewhere.</summary>
    private static Tensor WeightedError(Tensor output, Tensor target, Tensor occlusion, double alpha, double visibleWeight)
    {
        var weight = visibleWeight + ((alpha - visibleWeight) * occlusion);
        return (output - target).abs() * weight;
    }
}
