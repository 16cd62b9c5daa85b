using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Metrics;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>
/// Synthesises the right view of a real pair from its left view and ground-truth disparity with each branch alone, the
/// fusion and the naive baseline (warp + nearest background fill), and scores each against the captured right view.
/// None of the methods sees the right view. With a learned refiner, its fusion (eqs. 1–3 with the network's masks and
/// content) is scored too, as the method <c>refiner</c>.
/// </summary>
public static class StereoEvaluation
{
    public static readonly string[] Methods = ["naive", "poly", "temporal", "de", "fusion"];

    /// <summary>The methods scored, in table order: <see cref="Methods"/>, then <c>refiner</c> when there is one.</summary>
    public static IReadOnlyList<string> MethodsWith(IFusionRefiner? refiner) => refiner is null ? Methods : [.. Methods, "refiner"];

    public static IReadOnlyList<EvaluationRow> Evaluate(EvaluationScene scene, IFusionRefiner? refiner = null) =>
        EvaluateScene(scene, refiner).Rows;

    /// <summary>As <see cref="Evaluate"/>, with the views it scored and the occluded region.</summary>
    public static SceneEvaluation EvaluateScene(EvaluationScene scene, IFusionRefiner? refiner = null)
    {
        if (!scene.Left.SameSize(scene.Right) || !scene.Left.SameSize(scene.Disparity))
        {
            throw new ArgumentException($"Scene '{scene.Name}': left {scene.Left.Width}x{scene.Left.Height}, right {scene.Right.Width}x{scene.Right.Height} and disparity {scene.Disparity.Width}x{scene.Disparity.Height} must have the same size.");
        }

        var views = Synthesize(scene.Left, GroundTruthDisparity.Complete(scene.Disparity, scene.ValidDisparity), out var warp, out var masks, refiner);
        var occluded = warp.Disocclusions();
        var rows = new List<EvaluationRow>();
        foreach (var method in MethodsWith(refiner))
        {
            var view = views[method];
            rows.Add(Row(scene.Name, method, "all", ImageMetrics.Compare(scene.Right, view)));
            rows.Add(Row(scene.Name, method, "occluded", ImageMetrics.Compare(scene.Right, view, occluded)));
        }

        return new SceneEvaluation(scene, rows, views, occluded) { Masks = masks };
    }

    /// <summary>The right view by every method, keyed by method name (<c>refiner</c> only when one is given), and the
    /// masks and content of eqs. 1–3 behind the fused views: <c>fusion</c> (the rules') and <c>refiner</c>.</summary>
    public static IReadOnlyDictionary<string, RgbImage> Synthesize(
        RgbImage left, FloatPlane disparity, out WarpResult warp, out IReadOnlyDictionary<string, FusionMasks> masks, IFusionRefiner? refiner = null)
    {
        var frame = TemporalFrame.Create(left, disparity);
        warp = frame.Warp;
        var naive = BackgroundFill.NaiveView(warp);
        var poly = PolyInpaint.RenderRightView(left, disparity);
        var temporal = TemporalInpaint.Fill([frame])[0];
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var rules = RuleBasedFusion.Masks(warp, temporal, de);
        var fusion = BranchFusion.Apply(poly, de, temporal.Image, rules);
        var views = new Dictionary<string, RgbImage>
        {
            ["naive"] = naive,
            ["poly"] = poly,
            ["temporal"] = temporal.Image,
            ["de"] = de,
            ["fusion"] = fusion,
        };
        var fused = new Dictionary<string, FusionMasks> { ["fusion"] = rules };
        if (refiner is not null)
        {
            var learned = refiner.Masks(warp, poly, de, temporal);
            views["refiner"] = BranchFusion.Apply(poly, de, temporal.Image, learned);
            fused["refiner"] = learned;
        }

        masks = fused;
        return views;
    }

    private static EvaluationRow Row(string scene, string method, string region, MetricSet m) =>
        new(scene, method, region, m.Mae, m.Psnr, m.Ssim);
}
