using SpatialMe.Stereo.Depth;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Depth;

public sealed class CueDepthRealDataTests(ITestOutputHelper output)
{
    /// <summary>
    /// On the four Middlebury pairs the estimate's rank order must agree with the ground-truth disparity (Spearman ρ,
    /// unknown pixels ignored) on average. Only the sign is asserted: a cue-based estimator is far from a learned one;
    /// the printed values are the ones recorded in docs/depth.md.
    /// </summary>
    [SkippableFact]
    public void RankCorrelationWithGroundTruthDisparityIsPositiveOnAverage()
    {
        var estimator = new CueDepthEstimator();
        var scores = new List<double>();
        foreach (var scene in new[] { "cones", "books", "laundry", "reindeer" })
        {
            var dir = SharedData.RequireDirectory(Path.Combine("stereo", scene));
            var left = TestImageIO.ReadRgb(Path.Combine(dir, "left.png"));
            var truth = TestImageIO.ReadPlane(Path.Combine(dir, "disparity_left.png")); // 0 = unknown
            var rho = DepthTestImages.Spearman(estimator.Estimate(left, null), truth);
            output.WriteLine($"{scene}: Spearman {rho:F3}");
            scores.Add(rho);
        }

        output.WriteLine($"mean: {scores.Average():F3}");
        Assert.True(scores.Average() > 0, $"mean Spearman {scores.Average():F3} is not positive");
    }
}
