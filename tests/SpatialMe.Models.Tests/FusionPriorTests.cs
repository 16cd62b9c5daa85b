using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class FusionPriorTests
{
    [Fact]
    public void The_de_prior_starts_the_masks_at_the_de_branch_and_leaves_the_content_neutral()
    {
        manual_seed(7);
        using var network = new MhfuNetwork(Networks.Small);
        FusionPrior.StartAtDisparityExpansion(network);
        network.eval();
        using var input = rand(1, RefinerInputs.Channels, 32, 32);
        using var noGrad = no_grad();
        using var output = network.call(input);
        // Every pixel alike, whatever the input: M1 = σ(−5), M2 = M3 = σ(5), C = ½.
        var expected = new[] { 1 / (1 + MathF.Exp(5)), 1 / (1 + MathF.Exp(-5)), 1 / (1 + MathF.Exp(-5)), 0.5f, 0.5f, 0.5f };
        for (var c = 0; c < 6; c++)
        {
            var plane = output.narrow(1, c, 1);
            Assert.Equal(expected[c], plane.min().item<float>(), 5);
            Assert.Equal(expected[c], plane.max().item<float>(), 5);
        }
    }

    [Fact]
    public void A_trainer_starts_at_the_de_prior_by_default_and_neutral_when_told()
    {
        var scene = TrainingScene.OneObject();
        using var example = StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);
        var options = new RefinerTrainingOptions { Architecture = Networks.Small, Crop = 32, Batch = 1 };
        using var prior = new RefinerTrainer([example], options);
        using var neutral = new RefinerTrainer([example], options with { StartAtDisparityExpansion = false });
        float Bias(RefinerTrainer t) => t.Network.named_parameters().Single(p => p.name == "head.output.bias").parameter[0].item<float>();
        Assert.Equal(-FusionPrior.Logit, Bias(prior));
        Assert.Equal(0f, Bias(neutral));
    }
}
