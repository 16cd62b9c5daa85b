using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

/// <summary>The refiner the repository ships (models/spatialme-refiner.bin), which the default pipeline uses.</summary>
[Collection(TorchCollection.Name)]
public sealed class ShippedRefinerTests
{
    [Fact]
    public void The_repository_ships_a_small_refiner_that_every_build_copies_beside_itself_and_that_loads_as_the_choosing_head()
    {
        var inRepository = Path.Combine(SharedData.RepositoryRoot, ShippedRefiner.RelativePath);
        Assert.True(File.Exists(inRepository), $"{inRepository} is missing");
        Assert.True(ShippedRefiner.Exists, $"the build did not copy it to {ShippedRefiner.DefaultPath}");
        Assert.Equal(File.ReadAllBytes(inRepository), File.ReadAllBytes(ShippedRefiner.DefaultPath));
        Assert.InRange(new FileInfo(inRepository).Length, 1, 2_000_000);
        Assert.Equal(ShippedRefiner.DefaultPath, ShippedRefiner.Resolve(null));

        using var network = RefinerWeights.Load(ShippedRefiner.DefaultPath);
        Assert.Equal(MhfuArchitecture.For(HeadOutput.Choice, 8, 4), network.Architecture);
        Assert.Equal(233_798, network.ParameterCount); // as docs/models.md says
    }

    [Fact]
    public void In_the_holes_the_shipped_refiners_content_only_mixes_the_background_fills_the_rules_take_the_median_of()
    {
        // The choosing head can only move the rules' median toward DE's, the temporal branch's and the naive fill's
        // colour: every channel of its content lies between the smallest and largest of the four (one grey level for
        // rounding), never toward a foreground colour outside them.
        var scene = BranchScene.Crowded();
        var warp = scene.Frame.Warp;
        using var refiner = MhfuRefiner.Load(ShippedRefiner.DefaultPath, new RefinerOptions { Threads = 2 });
        var masks = refiner.Masks(warp, scene.Poly, scene.De, scene.Temporal);
        var rules = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);
        var naive = SpatialMe.Stereo.Inpainting.BackgroundFill.NaiveView(warp);
        var checkedPixels = 0;
        for (var i = 0; i < warp.Holes.Data.Length; i++)
        {
            if (scene.Temporal.SpatiallyFilled.Data[i] == 0 || warp.OutOfView.Data[i] != 0)
            {
                continue;
            }

            checkedPixels++;
            for (var k = (3 * i); k < (3 * i) + 3; k++)
            {
                byte[] fills = [rules.Content.Pixels[k], scene.De.Pixels[k], scene.Temporal.Image.Pixels[k], naive.Pixels[k]];
                Assert.InRange(masks.Content.Pixels[k], fills.Min() - 1, fills.Max() + 1);
            }
        }

        Assert.True(checkedPixels > 100, $"only {checkedPixels} spatially filled disocclusion pixels");
    }

    [SkippableFact]
    public void On_the_real_pairs_the_shipped_refiner_beats_the_rule_based_fusion_and_every_branch_in_the_occluded_region()
    {
        // The bar for a shipped refiner: on average over the development pairs, in the occluded region, a lower
        // MAE, a higher PSNR and a higher SSIM than the rule-based fusion and each branch alone (docs/quality.md).
        var scenes = StereoScenes.Names.Select(StereoScenes.Load).ToList();
        using var refiner = MhfuRefiner.Load(ShippedRefiner.DefaultPath);
        var rows = scenes.SelectMany(s => StereoEvaluation.Evaluate(s, refiner)).Where(r => r.Region == "occluded").ToList();
        (double Mae, double Psnr, double Ssim) Mean(string method)
        {
            var of = rows.Where(r => r.Method == method).ToList();
            Assert.Equal(scenes.Count, of.Count);
            return (of.Average(r => r.Mae), of.Average(r => r.Psnr), of.Average(r => r.Ssim));
        }

        var learned = Mean("refiner");
        foreach (var method in StereoEvaluation.Methods)
        {
            var other = Mean(method);
            Assert.True(learned.Mae < other.Mae, $"MAE: refiner {learned.Mae:F4}, {method} {other.Mae:F4}");
            Assert.True(learned.Psnr > other.Psnr, $"PSNR: refiner {learned.Psnr:F2}, {method} {other.Psnr:F2}");
            Assert.True(learned.Ssim > other.Ssim, $"SSIM: refiner {learned.Ssim:F4}, {method} {other.Ssim:F4}");
        }
    }
}
