using System.Text.Json.Serialization;

namespace SpatialMe.Models.Refiner;

/// <summary>What the six channels of the network's head are (<see cref="MhfuArchitecture.Output"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadOutput>))]
public enum HeadOutput
{
    /// <summary>The paper's: a sigmoid gives the masks M1, M2, M3 and the content C directly, each in [0, 1].</summary>
    [JsonStringEnumMemberName("absolute")]
    Absolute,

    /// <summary>
    /// Corrections to the rule-based fusion (<c>RuleBasedFusion</c>): the network also gets the rules' masks and content
    /// as inputs (<see cref="RefinerInputs.ChannelsWithRules"/>), and its six raw outputs are added to them, clamped to
    /// [0, 1]: M_i = clamp(M_i^rules + z_i), C = clamp(C^rules + z_C). A head whose last layer is zero therefore
    /// reproduces the rules exactly, so training starts from the best fusion there is instead of from one branch, and
    /// the gradient of a pixel whose rule mask is 0 or 1 flows only towards the other branch (the clamp stops the
    /// meaningless push past it).
    /// </summary>
    [JsonStringEnumMemberName("residual")]
    Residual,

    /// <summary>
    /// As <see cref="Residual"/> for the masks, but the content C is not corrected freely: it is the rules' content
    /// moved toward the three background-only fills that the rules take the median of in a disocclusion — DE's ramp,
    /// the temporal branch's fast marching over the expanded warp, and the naive fill (input channels
    /// <see cref="RefinerInputs.De"/>, <see cref="RefinerInputs.Temporal"/>, <see cref="RefinerInputs.Naive"/>). Head
    /// channels 3–5 give one weight per fill, w_i = clamp(z_i, 0, 1), scaled down together where they sum past 1:
    /// C = C^rules + Σ w_i (F_i − C^rules), a convex mix of the median and the fills. So a hole's content can only mix
    /// backgrounds, never drift toward the foreground's colour, which is what the free correction learned to do
    /// (docs/quality.md, "Which output carries the move"). Zero outputs reproduce the rules, as for
    /// <see cref="Residual"/>. The network reads <see cref="RefinerInputs.ChannelsWithFills"/> channels.
    /// </summary>
    [JsonStringEnumMemberName("choice")]
    Choice,
}
