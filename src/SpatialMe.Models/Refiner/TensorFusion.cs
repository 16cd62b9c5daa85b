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
    /// channels <see cref="RefinerInputs.RuleMasks"/>–18) plus the output, clamped to [0, 1]; for
    /// <see cref="HeadOutput.Choice"/> the rules' masks plus the first three outputs, clamped, and the rules' content
    /// moved toward the background fills by the weights the last three give (<see cref="ChoiceContent"/>).</summary>
    public static Tensor Resolve(Tensor inputs, Tensor headOutput, HeadOutput kind)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(headOutput);
        if (kind == HeadOutput.Absolute)
        {
            return headOutput.alias();
        }

        var needed = kind == HeadOutput.Choice ? RefinerInputs.ChannelsWithFills : RefinerInputs.ChannelsWithRules;
        if (inputs.shape[1] < needed)
        {
            throw new ArgumentException($"A {(kind == HeadOutput.Choice ? "choosing" : "residual")} head needs {needed} input channels (the rules' masks and content{(kind == HeadOutput.Choice ? ", the disparity and the naive fill" : "")}), got {inputs.shape[1]}.", nameof(inputs));
        }

        using var scope = NewDisposeScope();
        var rules = inputs.narrow(1, RefinerInputs.RuleMasks, MhfuArchitecture.OutputChannels);
        if (kind == HeadOutput.Residual)
        {
            return (rules + headOutput).clamp(0, 1).MoveToOuterDisposeScope();
        }

        var masks = (rules.narrow(1, 0, 3) + headOutput.narrow(1, 0, 3)).clamp(0, 1);
        return cat([masks, ChoiceContent(inputs, headOutput.narrow(1, 3, 3))], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The background fills a <see cref="HeadOutput.Choice"/> head weighs, in the order of its channels 3–5:
    /// DE, temporal, naive (input channels).</summary>
    public static readonly int[] ChoiceFills = [RefinerInputs.De, RefinerInputs.Temporal, RefinerInputs.Naive];

    /// <summary>C = C^rules + Σ w_i (F_i − C^rules) with w_i = clamp(z_i, 0, 1), divided by Σ w_i where that exceeds 1:
    /// a convex mix of the rules' content and the three fills (N × 3 × H × W).</summary>
    /// <param name="logits">N × 3 × H × W, the head's z for DE, temporal and naive.</param>
    public static Tensor ChoiceContent(Tensor inputs, Tensor logits)
    {
        using var scope = NewDisposeScope();
        var weights = logits.clamp(0, 1);
        weights = weights / weights.sum(1, keepdim: true).clamp_min(1);
        var rules = inputs.narrow(1, RefinerInputs.RuleContent, 3);
        var content = rules.alias();
        for (var i = 0; i < ChoiceFills.Length; i++)
        {
            content = content + (weights.narrow(1, i, 1) * (inputs.narrow(1, ChoiceFills[i], 3) - rules));
        }

        return content.MoveToOuterDisposeScope();
    }
}
