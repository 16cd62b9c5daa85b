using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Metrics;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>
/// Synthesises the right view of a real pair from its left view and ground-truth disparity with each branch alone, the
/// fusion and the naive baseline (warp + nearest background fill), and scores each against the captured right view.
/// None of the methods sees the right view.
/// </summary>
public static class StereoEvaluation
{
    public static readonly string[] Methods = ["naive", "poly", "temporal", "de", "fusion"];

    public static IReadOnlyList<EvaluationRow> Evaluate(EvaluationScene scene)
    {
        if (!scene.Left.SameSize(scene.Right) || !scene.Left.SameSize(scene.Disparity))
        {
            throw new ArgumentException($"Scene '{scene.Name}': left {scene.Left.Width}x{scene.Left.Height}, right {scene.Right.Width}x{scene.Right.Height} and disparity {scene.Disparity.Width}x{scene.Disparity.Height} must have the same size.");
        }

        var views = Synthesize(scene.Left, GroundTruthDisparity.Complete(scene.Disparity, scene.ValidDisparity), out var warp);
        var occluded = warp.Disocclusions();
        var rows = new List<EvaluationRow>();
        foreach (var method in Methods)
        {
            var view = views[method];
            rows.Add(Row(scene.Name, method, "all", ImageMetrics.Compare(scene.Right, view)));
            rows.Add(Row(scene.Name, method, "occluded", ImageMetrics.Compare(scene.Right, view, occluded)));
        }

        return rows;
    }

    /// <summary>The right view by every method, keyed by method name.</summary>
    public static IReadOnlyDictionary<string, RgbImage> Synthesize(RgbImage left, FloatPlane disparity, out WarpResult warp)
    {
        var frame = TemporalFrame.Create(left, disparity);
        warp = frame.Warp;
        var naive = BackgroundFill.Fill(warp.Image, warp.Holes, warp.Disparity).Image;
        var poly = PolyInpaint.RenderRightView(left, disparity);
        var temporal = TemporalInpaint.Fill([frame])[0];
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var fusion = RuleBasedFusion.Fuse(warp, poly, de, temporal);
        return new Dictionary<string, RgbImage>
        {
            ["naive"] = naive,
            ["poly"] = poly,
            ["temporal"] = temporal.Image,
            ["de"] = de,
            ["fusion"] = fusion,
        };
    }

    private static EvaluationRow Row(string scene, string method, string region, MetricSet m) =>
        new(scene, method, region, m.Mae, m.Psnr, m.Ssim);
}
