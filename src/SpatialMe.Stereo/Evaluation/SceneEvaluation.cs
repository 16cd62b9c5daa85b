using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>One scene's evaluation: its table rows, and what they score — every method's right view and the occluded
/// region — so they can be looked at, not only averaged (<c>spatialme eval --write-images</c>).</summary>
/// <param name="Views">The right view by each method, keyed by method name, in table order.</param>
/// <param name="Occluded">The region the "occluded" rows score: the disocclusions of the ground-truth warp.</param>
public sealed record SceneEvaluation(
    EvaluationScene Scene, IReadOnlyList<EvaluationRow> Rows, IReadOnlyDictionary<string, RgbImage> Views, Mask Occluded)
{
    /// <summary>The masks M1–M3 and content C of eqs. 1–3 behind the fused views, keyed by method: <c>fusion</c> (the
    /// rules'), and <c>refiner</c> when one was scored. They show which branch a fusion took where.</summary>
    public IReadOnlyDictionary<string, FusionMasks> Masks { get; init; } = new Dictionary<string, FusionMasks>();
}
