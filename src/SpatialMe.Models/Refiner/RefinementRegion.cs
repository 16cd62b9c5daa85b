using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The pixels where tiled inference (<see cref="MhfuRefiner"/>, <see cref="RefinerMode.Tiled"/>) takes the network's
/// result, on tensors for training: the occlusion mask dilated by the rim radius with a square of side 2r + 1, as
/// <see cref="OcclusionTiles"/> dilates it. Outside it every pixel is visible, and there the rule-based masks take the
/// temporal branch, which carries the forward warp unchanged (<c>RuleBasedFusion</c>), so the refiner's result there
/// is the temporal branch's pixels whatever the network says.
/// </summary>
public static class RefinementRegion
{
    /// <param name="occlusion">N × 1 × H × W, 1 in holes and 0 elsewhere.</param>
    /// <param name="rimRadius">r, as <see cref="RefinerOptions.RimRadius"/>.</param>
    /// <returns>N × 1 × H × W, 1 in the region and 0 elsewhere.</returns>
    public static Tensor Of(Tensor occlusion, int rimRadius)
    {
        ArgumentNullException.ThrowIfNull(occlusion);
        ArgumentOutOfRangeException.ThrowIfNegative(rimRadius);
        return rimRadius == 0
            ? occlusion.clone()
            : nn.functional.max_pool2d(occlusion, kernel_size: (2 * rimRadius) + 1, stride: 1, padding: rimRadius);
    }

    /// <summary>What tiled inference makes of the network's output on a batch in the <see cref="RefinerInputs"/>
    /// layout: eqs. 1–3 (<see cref="TensorFusion"/>) inside the refinement region, the temporal branch outside it.
    /// Training and validation score this image, so the network is judged on what it will be used for: a mask choice
    /// that helps the holes but would hurt visible pixels far from them costs nothing, because those pixels never take
    /// it.</summary>
    public static Tensor Apply(Tensor inputs, Tensor headOutput, int rimRadius)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(headOutput);
        using var scope = NewDisposeScope();
        var region = Of(inputs.narrow(1, RefinerInputs.Occlusion, 1), rimRadius);
        var fused = TensorFusion.Apply(inputs, headOutput);
        var temporal = inputs.narrow(1, RefinerInputs.Temporal, 3);
        return ((region * fused) + ((1 - region) * temporal)).MoveToOuterDisposeScope();
    }
}
