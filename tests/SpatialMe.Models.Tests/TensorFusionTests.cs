using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class TensorFusionTests
{
    [Fact]
    public void Eqs_1_to_3_in_torch_equal_BranchFusion_on_the_same_images_and_masks()
    {
        const int w = 37;
        const int h = 23;
        var random = new Random(11);
        RgbImage Image()
        {
            var image = new RgbImage(w, h);
            random.NextBytes(image.Pixels);
            return image;
        }

        FloatPlane Plane()
        {
            var plane = new FloatPlane(w, h);
            for (var i = 0; i < plane.Data.Length; i++)
            {
                // Include the extremes: M = 0 and M = 1 select one branch outright.
                plane.Data[i] = (i % 7) switch { 0 => 0f, 1 => 1f, _ => (float)random.NextDouble() };
            }

            return plane;
        }

        var poly = Image();
        var de = Image();
        var temporal = Image();
        var masks = new FusionMasks(Plane(), Plane(), Plane(), Image());
        var expected = BranchFusion.Apply(poly, de, temporal, masks);

        using var head = cat([AsTensor(masks.M1), AsTensor(masks.M2), AsTensor(masks.M3), AsTensor(masks.Content)], 1);
        using var fused = TensorFusion.Apply(AsTensor(poly), AsTensor(de), AsTensor(temporal), head);
        Assert.Equal([1L, 3, h, w], fused.shape);
        var values = fused.data<float>().ToArray();
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < 3; k++)
                {
                    // BranchFusion computes on the 0–255 scale and rounds to a byte; torch computes on 0–1.
                    var torchValue = values[(((k * h) + y) * w) + x] * 255f;
                    var imageValue = expected.Pixels[(((y * w) + x) * 3) + k];
                    Assert.True(Math.Abs(torchValue - imageValue) <= 0.5f + 1e-3f, $"({x}, {y}) channel {k}: torch {torchValue}, BranchFusion {imageValue}");
                }
            }
        }
    }

    [Fact]
    public void The_refiner_output_is_eqs_1_to_3_of_the_branches_in_the_input_layout()
    {
        using var inputs = Networks.Uniform(5, 2, RefinerInputs.Channels, 8, 8);
        using var head = Networks.Uniform(6, 2, 6, 8, 8);
        using var viaLayout = TensorFusion.Apply(inputs, head);
        using var direct = TensorFusion.Apply(inputs.narrow(1, 0, 3), inputs.narrow(1, 3, 3), inputs.narrow(1, 6, 3), head);
        Assert.Equal(viaLayout.data<float>().ToArray(), direct.data<float>().ToArray());

        // M1 = M2 = M3 = 1 is the Poly branch alone; M3 = 0 is the content alone.
        using var polyOnly = cat([ones(2, 3, 8, 8), head.narrow(1, 3, 3)], 1);
        using var fusedPoly = TensorFusion.Apply(inputs, polyOnly);
        Assert.True(fusedPoly.allclose(inputs.narrow(1, RefinerInputs.Poly, 3)));
        using var contentOnly = cat([ones(2, 2, 8, 8), zeros(2, 1, 8, 8), head.narrow(1, 3, 3)], 1);
        using var fusedContent = TensorFusion.Apply(inputs, contentOnly);
        Assert.True(fusedContent.allclose(head.narrow(1, 3, 3)));
    }

    [Fact]
    public void A_residual_head_is_added_to_the_rules_masks_and_content_and_clamped_to_0_1()
    {
        using var inputs = Networks.Uniform(5, 2, RefinerInputs.ChannelsWithRules, 8, 8);
        using var head = Networks.Uniform(6, 2, 6, 8, 8) * 2 - 1;
        using var resolved = TensorFusion.Resolve(inputs, head, HeadOutput.Residual);
        using var expected = (inputs.narrow(1, RefinerInputs.RuleMasks, 6) + head).clamp(0, 1);
        Assert.True(resolved.equal(expected).all().item<bool>());
        Assert.True(resolved.min().item<float>() >= 0 && resolved.max().item<float>() <= 1);

        // A zero head is the rules; an absolute head is itself.
        using var zero = zeros(2, 6, 8, 8);
        using var rulesAlone = TensorFusion.Resolve(inputs, zero, HeadOutput.Residual);
        Assert.True(rulesAlone.equal(inputs.narrow(1, RefinerInputs.RuleMasks, 6)).all().item<bool>());
        using var absolute = TensorFusion.Resolve(inputs, head, HeadOutput.Absolute);
        Assert.True(absolute.equal(head).all().item<bool>());

        // Without the rules' channels there is nothing to correct.
        using var paperInputs = inputs.narrow(1, 0, RefinerInputs.Channels);
        var error = Assert.Throws<ArgumentException>(() => TensorFusion.Resolve(paperInputs, head, HeadOutput.Residual));
        Assert.Contains("19 input channels", error.Message);
    }

    [Fact]
    public void A_choosing_head_corrects_the_masks_as_a_residual_one_and_mixes_the_rules_content_with_the_background_fills()
    {
        using var inputs = Networks.Uniform(5, 2, RefinerInputs.ChannelsWithFills, 8, 8);
        using var masksHead = (Networks.Uniform(6, 2, 3, 8, 8) * 2) - 1;
        var rules = inputs.narrow(1, RefinerInputs.RuleContent, 3);
        var de = inputs.narrow(1, RefinerInputs.De, 3);
        var temporal = inputs.narrow(1, RefinerInputs.Temporal, 3);
        var naive = inputs.narrow(1, RefinerInputs.Naive, 3);
        Tensor Resolve(float zDe, float zTemporal, float zNaive)
        {
            var weights = tensor(new[] { zDe, zTemporal, zNaive }).view(1, 3, 1, 1).expand(2, 3, 8, 8);
            return TensorFusion.Resolve(inputs, cat([masksHead, weights], 1), HeadOutput.Choice);
        }

        // The masks: the rules' plus the correction, clamped, exactly as a residual head's.
        using var resolved = Resolve(0, 0, 0);
        using var masks = (inputs.narrow(1, RefinerInputs.RuleMasks, 3) + masksHead).clamp(0, 1);
        Assert.True(resolved.narrow(1, 0, 3).equal(masks).all().item<bool>());

        // The content: zero weights (or negative ones, clamped to 0) leave the rules' median; a weight of 1 on one fill
        // is that fill; weights summing past 1 are scaled to sum to 1; a weight in between mixes.
        Assert.True(resolved.narrow(1, 3, 3).equal(rules).all().item<bool>());
        using var negative = Resolve(-2, -1, -0.5f);
        Assert.True(negative.narrow(1, 3, 3).equal(rules).all().item<bool>());
        using var allDe = Resolve(1, 0, 0);
        Assert.True(allDe.narrow(1, 3, 3).allclose(de, atol: 1e-6));
        using var allNaive = Resolve(0, 0, 3);
        Assert.True(allNaive.narrow(1, 3, 3).allclose(naive, atol: 1e-6));
        using var halves = Resolve(2, 2, 0);
        Assert.True(halves.narrow(1, 3, 3).allclose((de + temporal) / 2, atol: 1e-6));
        using var quarter = Resolve(0, 0.25f, 0);
        Assert.True(quarter.narrow(1, 3, 3).allclose((0.75 * rules) + (0.25 * temporal), atol: 1e-6));

        // Without the disparity and the naive fill's channels it cannot choose.
        using var residualInputs = inputs.narrow(1, 0, RefinerInputs.ChannelsWithRules);
        var error = Assert.Throws<ArgumentException>(() => TensorFusion.Resolve(residualInputs, resolved, HeadOutput.Choice));
        Assert.Contains("23 input channels", error.Message, StringComparison.Ordinal);
    }

    private static Tensor AsTensor(RgbImage image)
    {
        var values = new float[3 * image.Width * image.Height];
        for (var i = 0; i < image.Width * image.Height; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                values[(k * image.Width * image.Height) + i] = image.Pixels[(3 * i) + k] / 255f;
            }
        }

        return tensor(values, [1, 3, image.Height, image.Width]);
    }

    private static Tensor AsTensor(FloatPlane plane) => tensor((float[])plane.Data.Clone(), [1, 1, plane.Height, plane.Width]);
}
