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
        var means = Enumerable.Range(0, 6).Select(c => output.narrow(1, c, 1).mean().item<float>()).ToArray();
        Assert.True(means[0] < 0.2f, $"M1 starts at {means[0]}: Poly, not DE");
        Assert.True(means[1] > 0.8f && means[2] > 0.8f, $"M2 {means[1]}, M3 {means[2]}: the temporal branch or C, not DE");
        Assert.All(means.Skip(3), c => Assert.InRange(c, 0.2f, 0.8f));
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
