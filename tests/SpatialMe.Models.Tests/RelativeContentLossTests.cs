using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>The relative L1 (<see cref="ContentLoss.RelativeToRules"/>): each crop's L1 weighed by the rules' L1 there.</summary>
[Collection(TorchCollection.Name)]
public sealed class RelativeContentLossTests
{
    /// <summary>Two 1 × 4 × 4 crops whose target is 0.5 everywhere, with a hole in the left half: the rules are off by 0.02
    /// on the first crop (an easy one) and by 0.2 on the second (a hard one).</summary>
    private static (Tensor Target, Tensor Rules, Tensor Occlusion) Crops()
    {
        var target = full(2, 3, 4, 4, 0.5f);
        var rules = cat([full(1, 3, 4, 4, 0.52f), full(1, 3, 4, 4, 0.7f)], 0);
        var occlusion = zeros(2, 1, 4, 4);
        occlusion[.., .., .., ..2] = 1;
        return (target, rules, occlusion);
    }

    [Fact]
    public void At_the_rules_it_is_the_plain_L1_but_for_the_floor()
    {
        var (target, rules, occlusion) = Crops();

        var relative = ContentLoss.RelativeToRules(rules, rules, target, occlusion).item<float>();

        // Each crop's α-weighted L1 is its error times the mean weight, (10 + 1) / 2.
        double[] perCrop = [0.02 * 5.5, 0.2 * 5.5];
        var expected = perCrop.Average(b => b / (b + ContentLoss.RelativeFloor)) * perCrop.Average();
        Assert.Equal(expected, relative, 5);
        Assert.Equal(ContentLoss.OcclusionWeightedL1(rules, target, occlusion).item<float>(), relative, 1);
    }

    [Fact]
    public void A_crop_the_rules_fill_well_weighs_more_per_unit_of_error_and_no_gradient_reaches_the_rules()
    {
        var (target, rules, occlusion) = Crops();
        var output = full(2, 3, 4, 4, 0.6f).requires_grad_(true);
        var rulesLeaf = rules.clone().requires_grad_(true);

        ContentLoss.RelativeToRules(output, rulesLeaf, target, occlusion).backward();

        // The same pixel, same error sign and weight in both crops: the gradients differ only by the crops' weights,
        // 1 / (L1(rules) + floor), so the easy crop's is larger by (0.2·5.5 + floor) / (0.02·5.5 + floor).
        var gradient = output.grad!;
        var easy = gradient[0, 0, 0, 0].item<float>();
        var hard = gradient[1, 0, 0, 0].item<float>();
        Assert.True(easy > 0 && hard > 0, $"gradients {easy}, {hard}");
        Assert.Equal(((0.2 * 5.5) + ContentLoss.RelativeFloor) / ((0.02 * 5.5) + ContentLoss.RelativeFloor), easy / hard, 3);
        Assert.True(rulesLeaf.grad is null || rulesLeaf.grad.abs().sum().item<float>() == 0, "the rules are a reference, not trained");

        // The plain L1 weighs both crops alike.
        var plainOutput = full(2, 3, 4, 4, 0.6f).requires_grad_(true);
        ContentLoss.OcclusionWeightedL1(plainOutput, target, occlusion).backward();
        Assert.Equal(plainOutput.grad![0, 0, 0, 0].item<float>(), plainOutput.grad![1, 0, 0, 0].item<float>());
    }
}
