using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Pipeline;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class MhfuRefinerTests
{
    private const int Rim = 4;

    [Theory]
    [InlineData("one object", false, HeadOutput.Absolute)]
    [InlineData("crowded", true, HeadOutput.Absolute)]
    [InlineData("one object", false, HeadOutput.Residual)]
    [InlineData("crowded", true, HeadOutput.Residual)]
    [InlineData("one object", false, HeadOutput.Residual, true)]
    [InlineData("crowded", true, HeadOutput.Residual, true)]
    [InlineData("one object", false, HeadOutput.Choice)]
    [InlineData("crowded", true, HeadOutput.Choice)]
    public void Tiled_masks_equal_full_frame_masks_on_the_refinement_region_and_rule_based_masks_elsewhere(string name, bool contextsExceedFrame, HeadOutput output, bool disparity = false)
    {
        var scene = name == "crowded" ? BranchScene.Crowded() : BranchScene.OneObject();
        var warp = scene.Frame.Warp;
        using var tiled = Refiner(RefinerMode.Tiled, output, disparity);
        using var full = Refiner(RefinerMode.FullFrame, output, disparity);
        var plan = tiled.PlanTiles(warp.Disocclusions());
        var factor = Networks.Small.DownsamplingFactor;
        var paddedArea = (long)((warp.Image.Width + factor - 1) / factor * factor) * ((warp.Image.Height + factor - 1) / factor * factor);
        Assert.Equal(contextsExceedFrame, plan.Tiles.Sum(t => t.Context.Area) >= paddedArea);
        Assert.True(plan.Region.Count() > warp.Holes.Count(), "the rim adds pixels around the holes");

        var deBefore = scene.De.Clone();
        var tiledMasks = tiled.Masks(warp, scene.Poly, scene.De, scene.Temporal);
        Assert.Equal(deBefore.Pixels, scene.De.Pixels);
        var fullMasks = full.Masks(warp, scene.Poly, scene.De, scene.Temporal);
        var rule = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);

        for (var y = 0; y < warp.Image.Height; y++)
        {
            for (var x = 0; x < warp.Image.Width; x++)
            {
                var expected = plan.Region[x, y] ? fullMasks : rule;
                var tolerance = plan.Region[x, y] ? 1e-5f : 0f; // float rounding: convolutions over a tile and over the frame sum in different orders
                Assert.True(Math.Abs(tiledMasks.M1[x, y] - expected.M1[x, y]) <= tolerance, $"M1 at ({x}, {y})");
                Assert.True(Math.Abs(tiledMasks.M2[x, y] - expected.M2[x, y]) <= tolerance, $"M2 at ({x}, {y}): {tiledMasks.M2[x, y]} vs {expected.M2[x, y]}");
                Assert.True(Math.Abs(tiledMasks.M3[x, y] - expected.M3[x, y]) <= tolerance, $"M3 at ({x}, {y})");
                for (var k = 0; k < 3; k++)
                {
                    var i = (3 * ((y * warp.Image.Width) + x)) + k;
                    Assert.InRange(tiledMasks.Content.Pixels[i] - expected.Content.Pixels[i], plan.Region[x, y] ? -1 : 0, plan.Region[x, y] ? 1 : 0);
                }
            }
        }

        // And so the fused right view equals the rule-based fusion off the region.
        var fused = BranchFusion.Apply(scene.Poly, scene.De, scene.Temporal.Image, tiledMasks);
        var ruleFused = RuleBasedFusion.Fuse(warp, scene.Poly, scene.De, scene.Temporal);
        var differing = 0;
        for (var y = 0; y < warp.Image.Height; y++)
        {
            for (var x = 0; x < warp.Image.Width; x++)
            {
                var same = fused.Pixels.AsSpan(3 * ((y * warp.Image.Width) + x), 3).SequenceEqual(ruleFused.Pixels.AsSpan(3 * ((y * warp.Image.Width) + x), 3));
                Assert.True(same || plan.Region[x, y], $"({x}, {y}) is off the region but differs from the rule-based fusion");
                differing += same ? 0 : 1;
            }
        }

        Assert.True(differing > 0, "an untrained network should change some refined pixels");
    }

    [Fact]
    public void Tile_contexts_contain_their_cores_with_the_margin_and_are_aligned_to_the_downsampling_factor()
    {
        var scene = BranchScene.OneObject();
        using var refiner = Refiner(RefinerMode.Tiled);
        var plan = refiner.PlanTiles(scene.Frame.Warp.Disocclusions());
        var margin = Networks.Small.TileMargin;
        var factor = Networks.Small.DownsamplingFactor;
        Assert.NotEmpty(plan.Tiles);
        foreach (var (core, context) in plan.Tiles)
        {
            Assert.Equal(0, context.X % factor);
            Assert.Equal(0, context.Y % factor);
            Assert.Equal(0, context.Width % factor);
            Assert.Equal(0, context.Height % factor);
            Assert.True(context.X == 0 || context.X <= core.X - margin);
            Assert.True(context.Y == 0 || context.Y <= core.Y - margin);
            Assert.True(context.Right >= core.Right + margin || context.Right >= scene.Frame.Warp.Image.Width);
            Assert.True(context.Bottom >= core.Bottom + margin || context.Bottom >= scene.Frame.Warp.Image.Height);
        }

        for (var y = 0; y < plan.Region.Height; y++)
        {
            for (var x = 0; x < plan.Region.Width; x++)
            {
                Assert.True(!plan.Region[x, y] || plan.Tiles.Any(t => t.Core.Contains(x, y)), $"region pixel ({x}, {y}) is in no core");
                Assert.Equal(scene.Frame.Warp.Holes[x, y] || Near(scene.Frame.Warp.Holes, x, y, Rim), plan.Region[x, y]);
            }
        }
    }

    [Fact]
    public void A_frame_without_holes_gets_exactly_the_rule_based_masks()
    {
        var scene = BranchScene.Of(new LayeredScene(48, 32, backgroundDisparity: 0));
        Assert.Equal(0, scene.Frame.Warp.Holes.Count());
        using var refiner = Refiner(RefinerMode.Tiled);
        AssertRuleBased(refiner, scene);
    }

    [Theory]
    [InlineData(RefinerMode.FullFrame)]
    [InlineData(RefinerMode.Tiled)]
    public void Inference_is_deterministic(RefinerMode mode)
    {
        var scene = BranchScene.OneObject();
        using var refiner = Refiner(mode);
        var a = refiner.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        var b = refiner.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        Assert.Equal(a.M1.Data, b.M1.Data);
        Assert.Equal(a.M2.Data, b.M2.Data);
        Assert.Equal(a.M3.Data, b.M3.Data);
        Assert.Equal(a.Content.Pixels, b.Content.Pixels);
        Assert.All(a.M1.Data.Concat(a.M2.Data).Concat(a.M3.Data), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_view_synthesizer_given_the_refiner_fuses_the_branches_with_its_masks()
    {
        var scene = new LayeredScene(96, 64, backgroundDisparity: 1).Add(30, 20, 24, 20, disparity: 9, seed: 8);
        var settings = ConversionSettings.Default;
        var depth = new FloatPlane(96, 64);
        var disparityPlane = scene.Disparity();
        for (var i = 0; i < depth.Data.Length; i++)
        {
            depth.Data[i] = disparityPlane.Data[i] > 1 ? 1f : 0f;
        }

        using var refiner = Refiner(RefinerMode.Tiled);
        var left = scene.Left();
        var withRefiner = new ViewSynthesizer(settings, refiner: refiner);
        withRefiner.Push(left, depth);
        var refined = Assert.Single(withRefiner.Complete()).Right;
        var plain = new ViewSynthesizer(settings);
        plain.Push(left, depth);
        var ruleBased = Assert.Single(plain.Complete()).Right;

        var disparity = DisparityMapping.ToDisparity(depth, settings.Disparity);
        var frame = TemporalFrame.Create(left, disparity, settings.ExpansionRadius, settings.ExpansionThreshold);
        var poly = PolyInpaint.RenderRightView(frame.Left, frame.Disparity);
        var de = DisparityExpansionInpaint.Fill(frame.ExpandedWarp);
        var temporal = TemporalInpaint.Fill([frame])[0];
        Assert.Equal(BranchFusion.Apply(poly, de, temporal.Image, refiner.Masks(frame.Warp, poly, de, temporal)).Pixels, refined.Pixels);
        Assert.Equal(RuleBasedFusion.Fuse(frame.Warp, poly, de, temporal).Pixels, ruleBased.Pixels);
        Assert.NotEqual(ruleBased.Pixels, refined.Pixels);
    }

    [Fact]
    public void A_refiner_loaded_from_a_weights_file_gives_the_masks_of_the_network_saved()
    {
        using var temp = new TempDirectory();
        var path = temp.File("refiner.weights");
        var options = new RefinerOptions { Mode = RefinerMode.FullFrame, Threads = 2 };
        using var saved = new MhfuRefiner(Networks.Seeded(Networks.Small, seed: 3), options);
        using (var network = Networks.Seeded(Networks.Small, seed: 3))
        {
            RefinerWeights.Save(network, path);
        }

        using var loaded = MhfuRefiner.Load(path, options);
        var scene = BranchScene.OneObject();
        var a = saved.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        var b = loaded.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        Assert.Equal(a.M1.Data, b.M1.Data);
        Assert.Equal(a.Content.Pixels, b.Content.Pixels);
    }

    [SkippableFact]
    public void A_CUDA_device_without_CUDA_is_refused_naming_the_build_switch()
    {
        Skip.If(TorchSharp.torch.cuda.is_available(), "CUDA is available here");
        using var network = Networks.Seeded(Networks.Small);
        var error = Assert.Throws<InvalidOperationException>(() => new MhfuRefiner(network, new RefinerOptions { Device = "cuda" }));
        Assert.Contains("-p:TorchDevice=cuda", error.Message);
    }

    [Theory]
    [InlineData(RefinerMode.FullFrame)]
    [InlineData(RefinerMode.Tiled)]
    [InlineData(RefinerMode.FullFrame, HeadOutput.Choice)]
    [InlineData(RefinerMode.Tiled, HeadOutput.Choice)]
    public void A_correcting_refiner_whose_last_layer_is_zero_gives_exactly_the_rule_based_masks(RefinerMode mode, HeadOutput output = HeadOutput.Residual)
    {
        var network = Networks.Seeded(Networks.SmallFor(output), seed: 13);
        Training.FusionPrior.StartAtRules(network);
        using var refiner = new MhfuRefiner(network, new RefinerOptions { Mode = mode, RimRadius = Rim, Threads = 2 });
        AssertRuleBased(refiner, BranchScene.OneObject());
        AssertRuleBased(refiner, BranchScene.Crowded());
    }

    [Fact]
    public void A_residual_refiners_masks_are_the_rules_plus_its_corrections_clamped()
    {
        // A head whose last layer is zero but for its biases outputs the same correction at every pixel: M1 + 0.3,
        // M2 − 0.4, M3 + 2 (clamped to 1), and C + 10/255.
        var network = Networks.Seeded(Networks.SmallResidual, seed: 13);
        Training.FusionPrior.StartAtRules(network);
        using (TorchSharp.torch.no_grad())
        {
            using var bias = TorchSharp.torch.tensor(new[] { 0.3f, -0.4f, 2f, 10f / 255f, 10f / 255f, 10f / 255f });
            network.named_parameters().Single(p => p.name == "head.output.bias").parameter.copy_(bias);
        }

        using var refiner = new MhfuRefiner(network, new RefinerOptions { Mode = RefinerMode.FullFrame, Threads = 2 });
        var scene = BranchScene.OneObject();
        var masks = refiner.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        var rule = RuleBasedFusion.Masks(scene.Frame.Warp, scene.Temporal, scene.De);
        for (var i = 0; i < rule.M1.Data.Length; i++)
        {
            Assert.Equal(Math.Clamp(rule.M1.Data[i] + 0.3f, 0f, 1f), masks.M1.Data[i], 5);
            Assert.Equal(Math.Clamp(rule.M2.Data[i] - 0.4f, 0f, 1f), masks.M2.Data[i], 5);
            Assert.Equal(1f, masks.M3.Data[i]);
        }

        Assert.All(rule.Content.Pixels.Zip(masks.Content.Pixels), p => Assert.Equal(Math.Min(p.First + 10, 255), p.Second));
    }

    [Fact]
    public void A_choosing_refiners_content_is_the_rules_moved_toward_the_background_fills_by_its_weights()
    {
        // A head whose last layer is zero but for its biases gives every pixel the same weights: DE 1 and temporal 1,
        // which sum past 1 and are halved, so the content is the mean of the DE and temporal results; masks as the rules'.
        var network = Networks.Seeded(Networks.SmallChoice, seed: 13);
        Training.FusionPrior.StartAtRules(network);
        using (TorchSharp.torch.no_grad())
        {
            using var bias = TorchSharp.torch.tensor(new[] { 0f, 0f, 0f, 1f, 1f, -1f });
            network.named_parameters().Single(p => p.name == "head.output.bias").parameter.copy_(bias);
        }

        using var refiner = new MhfuRefiner(network, new RefinerOptions { Mode = RefinerMode.FullFrame, Threads = 2 });
        var scene = BranchScene.OneObject();
        var masks = refiner.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        var rule = RuleBasedFusion.Masks(scene.Frame.Warp, scene.Temporal, scene.De);
        Assert.Equal(rule.M1.Data, masks.M1.Data);
        Assert.Equal(rule.M3.Data, masks.M3.Data);
        for (var i = 0; i < masks.Content.Pixels.Length; i++)
        {
            Assert.InRange(masks.Content.Pixels[i] - ((scene.De.Pixels[i] + scene.Temporal.Image.Pixels[i]) / 2.0), -0.5, 0.5);
        }
    }

    /// <summary>The refiner's masks for the scene are the rule-based ones, bit for bit.</summary>
    private static void AssertRuleBased(MhfuRefiner refiner, BranchScene scene)
    {
        var masks = refiner.Masks(scene.Frame.Warp, scene.Poly, scene.De, scene.Temporal);
        var rule = RuleBasedFusion.Masks(scene.Frame.Warp, scene.Temporal, scene.De);
        Assert.Equal(rule.M1.Data, masks.M1.Data);
        Assert.Equal(rule.M2.Data, masks.M2.Data);
        Assert.Equal(rule.M3.Data, masks.M3.Data);
        Assert.Equal(rule.Content.Pixels, masks.Content.Pixels);
    }

    private static MhfuRefiner Refiner(RefinerMode mode, HeadOutput output = HeadOutput.Absolute, bool disparity = false) =>
        new(Networks.Seeded(disparity ? Networks.SmallWithDisparity : Networks.SmallFor(output), seed: 13), new RefinerOptions { Mode = mode, RimRadius = Rim, Threads = 2 });

    private static bool Near(Mask mask, int x, int y, int radius)
    {
        for (var dy = -radius; dy <= radius; dy++)
        {
            for (var dx = -radius; dx <= radius; dx++)
            {
                var (nx, ny) = (x + dx, y + dy);
                if (nx >= 0 && ny >= 0 && nx < mask.Width && ny < mask.Height && mask[nx, ny])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
