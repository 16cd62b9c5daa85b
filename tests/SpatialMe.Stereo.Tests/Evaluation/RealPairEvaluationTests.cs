using System.Globalization;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Evaluation;

/// <summary>The bar on the real pairs: the fusion beats the naive baseline on every scene (MAE, PSNR and SSIM,
/// whole image and occluded region) and, averaged over the scenes, is at least as good as every single branch in the
/// occluded region: MAE no higher, PSNR and SSIM no lower.</summary>
public sealed class RealPairEvaluationTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Fusion_beats_naive_on_every_scene_and_is_at_least_as_good_as_every_branch_on_average_in_occlusions()
    {
        var rows = StereoScenes.Names.SelectMany(n => StereoEvaluation.Evaluate(StereoScenes.Load(n))).ToList();
        foreach (var r in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Scene,-9} {r.Method,-9} {r.Region,-9} mae {r.Mae:F4} psnr {r.Psnr:F2} ssim {r.Ssim:F4}"));
        }

        foreach (var scene in StereoScenes.Names)
        {
            foreach (var region in new[] { "all", "occluded" })
            {
                var fusion = rows.Single(r => r.Scene == scene && r.Method == "fusion" && r.Region == region);
                var naive = rows.Single(r => r.Scene == scene && r.Method == "naive" && r.Region == region);
                Assert.True(fusion.Psnr > naive.Psnr, $"{scene}/{region}: fusion PSNR {fusion.Psnr:F2} <= naive {naive.Psnr:F2}");
                Assert.True(fusion.Mae < naive.Mae, $"{scene}/{region}: fusion MAE {fusion.Mae:F4} >= naive {naive.Mae:F4}");
                Assert.True(fusion.Ssim > naive.Ssim, $"{scene}/{region}: fusion SSIM {fusion.Ssim:F4} <= naive {naive.Ssim:F4}");
            }
        }

        double Mean(string method, Func<EvaluationRow, double> metric) =>
            rows.Where(r => r.Method == method && r.Region == "occluded").Average(metric);

        foreach (var branch in new[] { "poly", "temporal", "de" })
        {
            Assert.True(Mean("fusion", r => r.Psnr) >= Mean(branch, r => r.Psnr), $"mean occluded PSNR: fusion below {branch}");
            Assert.True(Mean("fusion", r => r.Mae) <= Mean(branch, r => r.Mae), $"mean occluded MAE: fusion above {branch}");
            Assert.True(Mean("fusion", r => r.Ssim) >= Mean(branch, r => r.Ssim), $"mean occluded SSIM: fusion below {branch}");
        }
    }
}
