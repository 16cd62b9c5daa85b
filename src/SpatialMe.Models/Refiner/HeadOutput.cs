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
}
