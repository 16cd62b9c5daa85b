using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class TrainingStepTests
{
    [Fact]
    public void Adam_steps_lower_the_occlusion_weighted_L1_and_every_layer_gets_a_gradient()
    {
        // A tiny task the masks can solve: the truth is the DE branch inside occlusions and the Poly branch outside
        // (M1 = 1 − O, M2 = M3 = 1), so the network must read the occlusion channel and set its masks from it.
        using var network = Networks.Seeded(Networks.Small, seed: 5);
        network.train();
        using var inputs = Networks.Uniform(9, 2, RefinerInputs.Channels, 32, 32);
        using var holes = Networks.Uniform(10, 2, 1, 32, 32).gt(0.7).to(ScalarType.Float32);
        inputs[.., RefinerInputs.Occlusion] = holes.squeeze(1);
        using var occlusion = inputs.narrow(1, RefinerInputs.Occlusion, 1);
        using var target = (occlusion * inputs.narrow(1, RefinerInputs.De, 3)) + ((1 - occlusion) * inputs.narrow(1, RefinerInputs.Poly, 3));
        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3, beta1: 0.5, beta2: 0.999);

        var losses = new List<float>();
        for (var step = 0; step < 40; step++)
        {
            optimizer.zero_grad();
            using var scope = NewDisposeScope();
            var output = TensorFusion.Apply(inputs, network.call(inputs));
            var loss = ContentLoss.OcclusionWeightedL1(output, target, occlusion);
            loss.backward();
            if (step == 0)
            {
                var silent = network.named_parameters()
                    .Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0f)
                    .Select(p => p.name)
                    .ToList();
                Assert.True(silent.Count == 0, "no gradient reached: " + string.Join(", ", silent));
                Assert.Contains(network.named_parameters(), p => p.name.StartsWith("updates.", StringComparison.Ordinal));
                Assert.Contains(network.named_parameters(), p => p.name.StartsWith("head.", StringComparison.Ordinal));
            }

            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.7f * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void The_content_loss_weighs_occluded_pixels_alpha_times()
    {
        // One pixel wrong by 0.5 in one channel, inside or outside the occlusion, among 2 × 3 values.
        using var target = zeros(1, 3, 1, 2);
        using var output = zeros(1, 3, 1, 2);
        output[0, 0, 0, 0] = tensor(0.5f);
        using var inside = tensor(new float[] { 1, 0 }, [1, 1, 1, 2]);
        using var outside = tensor(new float[] { 0, 1 }, [1, 1, 1, 2]);
        Assert.Equal(10 * 0.5f / 6, ContentLoss.OcclusionWeightedL1(output, target, inside).item<float>(), 6);
        Assert.Equal(0.5f / 6, ContentLoss.OcclusionWeightedL1(output, target, outside).item<float>(), 6);

        // The visible pixels' weight is a setting: 0 leaves them out, and the occluded pixels keep α.
        Assert.Equal(0f, ContentLoss.OcclusionWeightedL1(output, target, outside, visibleWeight: 0).item<float>());
        Assert.Equal(0.25f * 0.5f / 6, ContentLoss.OcclusionWeightedL1(output, target, outside, visibleWeight: 0.25).item<float>(), 6);
        Assert.Equal(10 * 0.5f / 6, ContentLoss.OcclusionWeightedL1(output, target, inside, visibleWeight: 0).item<float>(), 6);
    }
}
