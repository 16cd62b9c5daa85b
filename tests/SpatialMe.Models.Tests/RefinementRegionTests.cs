using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>Training scores the image tiled inference makes: the region on tensors is the tiles' region, and the
/// composite of <see cref="RefinementRegion.Apply"/> is the right view <see cref="MhfuRefiner"/> gives.</summary>
[Collection(TorchCollection.Name)]
public sealed class RefinementRegionTests
{
    private const int Rim = 4;

    [Theory]
    [InlineData("one object")]
    [InlineData("crowded")]
    public void The_region_on_tensors_is_the_region_tiled_inference_refines(string name)
    {
        var scene = name == "crowded" ? BranchScene.Crowded() : BranchScene.OneObject();
        var holes = scene.Frame.Warp.Disocclusions();
        using var refiner = new MhfuRefiner(Networks.Seeded(Networks.Small), new RefinerOptions { RimRadius = Rim, Threads = 1 });
        var plan = refiner.PlanTiles(holes);
        var warp = scene.Frame.Warp;
        using var occlusion = tensor(warp.Holes.Data.Select(v => v != 0 ? 1f : 0f).ToArray(), [1, 1, holes.Height, holes.Width]);
        using var disocclusion = Disocclusion.Of(occlusion);
        using var region = RefinementRegion.Of(disocclusion, Rim);
        var values = region.data<float>().ToArray();
        Assert.Equal(plan.Region.Data.Select(v => v != 0 ? 1f : 0f), values);
        Assert.True(values.Sum() > holes.Count(), "the rim adds pixels around the holes");
    }

    [Theory]
    [InlineData("one object", HeadOutput.Absolute)]
    [InlineData("crowded", HeadOutput.Absolute)]
    [InlineData("one object", HeadOutput.Residual)]
    [InlineData("crowded", HeadOutput.Residual)]
    public void The_training_composite_is_the_right_view_tiled_inference_makes(string name, HeadOutput output)
    {
        set_num_threads(1);
        var scene = name == "crowded" ? BranchScene.Crowded() : BranchScene.OneObject();
        var warp = scene.Frame.Warp;
        var (w, h) = (warp.Image.Width, warp.Image.Height);
        var factor = Networks.Small.DownsamplingFactor;
        var (pw, ph) = ((w + factor - 1) / factor * factor, (h + factor - 1) / factor * factor);
        var network = Networks.Seeded(Networks.SmallFor(output), seed: 13);
        network.eval();
        float[] composite;
        // Training examples always carry the rules' channels; the paper's network reads the first 13.
        var rules = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);
        using (no_grad())
        using (var inputs = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, pw, ph, rules))
        using (var disocclusion = Disocclusion.Of(inputs.narrow(1, RefinerInputs.Occlusion, 1)))
        using (var image = RefinementRegion.Apply(network, inputs, disocclusion, Rim))
        {
            composite = image.narrow(2, 0, h).narrow(3, 0, w).contiguous().data<float>().ToArray();
        }

        using var refiner = new MhfuRefiner(network, new RefinerOptions { Mode = RefinerMode.Tiled, RimRadius = Rim, Threads = 1 });
        var plan = refiner.PlanTiles(warp.Disocclusions());
        var inferred = BranchFusion.Apply(scene.Poly, scene.De, scene.Temporal.Image, refiner.Masks(warp, scene.Poly, scene.De, scene.Temporal));
        var differsFromRule = 0;
        var rule = RuleBasedFusion.Fuse(warp, scene.Poly, scene.De, scene.Temporal);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var expected = inferred.Pixels[(3 * ((y * w) + x)) + k];
                    var trained = composite[(((k * h) + y) * w) + x] * 255f;
                    // In the region the 8-bit content C and the 8-bit result round; off it both are the rule-based
                    // result exactly (the temporal branch, or Poly in the border band).
                    Assert.True(
                        plan.Region[x, y] ? Math.Abs(trained - expected) <= 1.01f : Math.Abs(trained - expected) < 1e-3f,
                        $"({x}, {y}) channel {k}: training composite {trained}, tiled inference {expected}, in region {plan.Region[x, y]}");
                    differsFromRule += expected != rule.Pixels[(3 * ((y * w) + x)) + k] ? 1 : 0;
                }
            }
        }

        Assert.True(differsFromRule > 0, "the network's fusion should change some pixels of the region");
    }
}
