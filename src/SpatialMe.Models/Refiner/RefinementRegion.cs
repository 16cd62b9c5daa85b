using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The pixels where tiled inference (<see cref="MhfuRefiner"/>, <see cref="RefinerMode.Tiled"/>) takes the network's
/// result, on tensors for training: the disocclusions (<see cref="Disocclusion"/>) dilated by the rim radius with a
/// square of side 2r + 1, as <see cref="OcclusionTiles"/> dilates them. Outside it the rule-based masks hold
/// (<c>RuleBasedFusion</c>): visible pixels take the temporal branch, which carries the forward warp unchanged, and
/// the border band the left view never saw takes the Poly branch's extension of the last seen column — whatever the
/// network says there.
/// </summary>
public static class RefinementRegion
{
    /// <param name="occlusion">N × 1 × H × W, 1 in the holes to refine and 0 elsewhere.</param>
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
    /// layout: eqs. 1–3 (<see cref="TensorFusion"/>) inside the refinement region, the rule-based result outside it
    /// (the Poly branch in the border band, the temporal branch on visible pixels).
    /// Training and validation score this image, so the network is judged on what it will be used for: a mask choice
    /// that helps the holes but would hurt visible pixels far from them costs nothing, because those pixels never take
    /// it.</summary>
    /// <param name="disocclusion">N × 1 × H × W, the batch's <see cref="Disocclusion"/> (made on the whole frames the
    /// batch was cut from).</param>
    /// <param name="kind">What the head's output is (the network's <see cref="MhfuArchitecture.Output"/>).</param>
    public static Tensor Apply(Tensor inputs, Tensor headOutput, Tensor disocclusion, int rimRadius, HeadOutput kind = HeadOutput.Absolute)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(headOutput);
        ArgumentNullException.ThrowIfNull(disocclusion);
        using var scope = NewDisposeScope();
        var region = Of(disocclusion, rimRadius);
        var band = inputs.narrow(1, RefinerInputs.Occlusion, 1) * (1 - disocclusion);
        var fused = TensorFusion.Apply(inputs, headOutput, kind);
        var rule = (band * inputs.narrow(1, RefinerInputs.Poly, 3)) + ((1 - band) * inputs.narrow(1, RefinerInputs.Temporal, 3));
        return ((region * fused) + ((1 - region) * rule)).MoveToOuterDisposeScope();
    }

    /// <summary>Runs <paramref name="network"/> on a batch of examples (which may carry more channels than it reads: it gets
    /// the first <see cref="MhfuArchitecture.InputChannels"/>) and returns the image tiled inference makes of its
    /// output, as <see cref="Apply(Tensor, Tensor, Tensor, int, HeadOutput)"/>. Training and validation both score this.</summary>
    public static Tensor Apply(MhfuNetwork network, Tensor inputs, Tensor disocclusion, int rimRadius)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        var architecture = network.Architecture;
        using var scope = NewDisposeScope();
        var head = network.call(inputs.narrow(1, 0, architecture.InputChannels));
        return Apply(inputs, head, disocclusion, rimRadius, architecture.Output).MoveToOuterDisposeScope();
    }
}
