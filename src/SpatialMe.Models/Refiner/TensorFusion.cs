using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The paper's eqs. 1–3 on tensors, differentiable, for training (the same equations as
/// <see cref="SpatialMe.Stereo.Fusion.BranchFusion.Apply"/>, which the converter uses on 8-bit images):
/// <code>
/// I_f1 = M1·I_p + (1 − M1)·I_e      (1)
/// I_f2 = M2·I_f1 + (1 − M2)·I_l     (2)
/// I_g  = M3·I_f2 + (1 − M3)·C       (3)
/// </code>
/// Images are N × 3 × H × W; each mask is one channel broadcast over R, G and B.
/// </summary>
public static class TensorFusion
{
    /// <param name="poly">I_p, the Poly branch result.</param>
    /// <param name="de">I_e, the DE branch result.</param>
    /// <param name="temporal">I_l, the temporal branch result.</param>
    /// <param name="headOutput">The network's N × 6 × H × W output: M1, M2, M3, then C.</param>
    public static Tensor Apply(Tensor poly, Tensor de, Tensor temporal, Tensor headOutput)
    {
        using var scope = NewDisposeScope();
        var m1 = headOutput.narrow(1, 0, 1);
        var m2 = headOutput.narrow(1, 1, 1);
        var m3 = headOutput.narrow(1, 2, 1);
        var content = headOutput.narrow(1, 3, 3);
        var f1 = (m1 * poly) + ((1 - m1) * de);
        var f2 = (m2 * f1) + ((1 - m2) * temporal);
        return ((m3 * f2) + ((1 - m3) * content)).MoveToOuterDisposeScope();
    }

    /// <summary>The refiner's output image for a batch in the <see cref="RefinerInputs"/> layout.</summary>
    /// <param name="kind">What the head's output is (<see cref="Resolve"/>).</param>
    public static Tensor Apply(Tensor inputs, Tensor headOutput, HeadOutput kind = HeadOutput.Absolute)
    {
        using var scope = NewDisposeScope();
        return Apply(
            inputs.narrow(1, RefinerInputs.Poly, 3),
            inputs.narrow(1, RefinerInputs.De, 3),
            inputs.narrow(1, RefinerInputs.Temporal, 3),
            Resolve(inputs, headOutput, kind)).MoveToOuterDisposeScope();
    }

    /// <summary>The masks M1–M3 and content C (N × 6 × H × W, in [0, 1]) that a head's output stands for: itself for
    /// <see cref="HeadOutput.Absolute"/>; for <see cref="HeadOutput.Residual"/> the rules' masks and content (input
    /// channels <see cref="RefinerInputs.RuleMasks"/>–18) plus the output, clamped to [0, 1].</summary>
    public static Tensor Resolve(Tensor inputs, Tensor headOutput, HeadOutput kind)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(headOutput);
        if (kind == HeadOutput.Absolute)
        {
            return headOutput.alias();
        }

        if (inputs.shape[1] < RefinerInputs.ChannelsWithRules)
        {
            throw new ArgumentException($"A residual head needs the rules' masks and content in the inputs ({RefinerInputs.ChannelsWithRules} channels), got {inputs.shape[1]}.", nameof(inputs));
        }

        using var scope = NewDisposeScope();
        var rules = inputs.narrow(1, RefinerInputs.RuleMasks, MhfuArchitecture.OutputChannels);
        return (rules + headOutput).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
