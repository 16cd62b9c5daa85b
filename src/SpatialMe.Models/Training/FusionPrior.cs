using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Where training starts. With zero biases the head's masks start at ½, i.e. the fusion of eqs. 1–3 starts as a blur
/// of all three branches and the content head, and a short CPU run spends most of its steps unlearning that. The
/// paper's ablation (and ours, docs/quality.md) finds the DE branch the strongest single one in disocclusions, so the
/// head's output biases are set to start at it: M1 ≈ 0 (DE over Poly), M2 ≈ 1 and M3 ≈ 1 (keep that over the temporal
/// branch and the content C); the content's biases stay 0. σ(±3) = 0.95 / 0.05: firmly there, with gradients still
/// flowing. Only the start changes; the network and the losses are the paper's. A network that corrects the rule-based
/// fusion (<see cref="HeadOutput.Residual"/>) starts at the rules instead (<see cref="StartAtRules"/>).
/// </summary>
public static class FusionPrior
{
    /// <summary>The logit the mask biases start at (σ(5) ≈ 0.993).</summary>
    public const float Logit = 5f;

    public static void StartAtDisparityExpansion(MhfuNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        using var values = tensor(new[] { -Logit, Logit, Logit, 0f, 0f, 0f });
        parameters["head.output.bias"].copy_(values);
        parameters["head.output.weight"].zero_();
    }

    /// <summary>For a network that corrects the rules (<see cref="HeadOutput.Residual"/>, <see cref="HeadOutput.Choice"/>): the head's last layer (weights and biases) at zero, so
    /// every correction starts at 0 and the network's fusion is exactly the rule-based one. Gradients still reach that
    /// layer (its inputs are not zero), and through it the rest once it moves.</summary>
    public static void StartAtRules(MhfuNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.Architecture.CorrectsRules)
        {
            throw new ArgumentException("Only a network whose head outputs corrections to the rules can start at the rules.", nameof(network));
        }

        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        parameters["head.output.bias"].zero_();
        parameters["head.output.weight"].zero_();
    }
}
