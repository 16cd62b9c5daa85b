using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>
/// Colour augmentation changes every colour image of a crop and its target the same way (so the crop stays a
/// consistent example), leaves the masks alone, stays in [0, 1], and at strength 0 changes nothing and draws nothing
/// from the run's random generator (so runs without it repeat those made before it).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ColourJitterTests
{
    [Theory]
    [InlineData(RefinerInputs.Channels)]
    [InlineData(RefinerInputs.ChannelsWithRules)]
    public void Every_colour_image_and_the_target_change_alike_and_the_masks_do_not(int channels)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(3);
        var target = rand([3, 16, 16], generator: generator);
        var masks = (rand([channels, 16, 16], generator: generator) > 0.5f).to(ScalarType.Float32);

        // Every colour triplet of the inputs is the target, every other channel a mask.
        var colourStarts = new[] { RefinerInputs.Poly, RefinerInputs.De, RefinerInputs.Temporal, RefinerInputs.Warped, RefinerInputs.RuleContent }.Where(s => s + 3 <= channels).ToArray();
        var inputs = masks.clone();
        foreach (var start in colourStarts)
        {
            inputs[TensorIndex.Slice(start, start + 3)] = target;
        }

        var changed = 0;
        for (var seed = 0; seed < 12; seed++)
        {
            var (jittered, truth) = ColourJitter.Apply(inputs, target, 0.3, new Random(seed));
            Assert.Equal(inputs.shape, jittered.shape);
            Assert.True(jittered.min().item<float>() >= 0 && jittered.max().item<float>() <= 1, "values left [0, 1]");
            foreach (var start in colourStarts)
            {
                Assert.True(jittered[TensorIndex.Slice(start, start + 3)].eq(truth).all().item<bool>(), $"seed {seed}: the colour image at channel {start} was not changed as the target was");
            }

            foreach (var mask in Enumerable.Range(0, channels).Where(c => !colourStarts.Any(s => c >= s && c < s + 3)))
            {
                Assert.True(jittered[mask].eq(inputs[mask]).all().item<bool>(), $"seed {seed}: mask channel {mask} changed");
            }

            changed += truth.sub(target).abs().max().item<float>() > 0.01f ? 1 : 0;
        }

        Assert.Equal(12, changed);
    }

    [Fact]
    public void A_channel_permutation_and_gains_are_what_it_applies()
    {
        using var scope = NewDisposeScope();
        // A grey target at 0.4 keeps its value under any permutation; only the gains show, each within exp(±s) twice over.
        var target = full([3, 8, 8], 0.4f);
        var inputs = zeros([RefinerInputs.Channels, 8, 8]);
        var (_, truth) = ColourJitter.Apply(inputs, target, 0.2, new Random(1));
        for (var c = 0; c < 3; c++)
        {
            var value = truth[c].mean().item<float>();
            Assert.InRange(value, 0.4 * Math.Exp(-0.4) - 1e-6, 0.4 * Math.Exp(0.4) + 1e-6);
            Assert.True(truth[c].std().item<float>() < 1e-6, "a channel's gain is one number");
        }

        // Three distinct levels come back as a permutation of the three, each scaled within exp(±2s); over a few seeds
        // the brightest lands in more than one channel.
        var coloured = stack([full([8, 8], 0.9f), full([8, 8], 0.5f), full([8, 8], 0.1f)]);
        var brightest = new HashSet<int>();
        for (var seed = 0; seed < 12; seed++)
        {
            var (_, permuted) = ColourJitter.Apply(inputs, coloured, 0.05, new Random(seed));
            var means = Enumerable.Range(0, 3).Select(c => permuted[c].mean().item<float>()).ToArray();
            brightest.Add(Array.IndexOf(means, means.Max()));
            var sorted = means.Order().ToArray();
            Assert.InRange(sorted[0], 0.1 * 0.9, 0.1 * 1.11);
            Assert.InRange(sorted[1], 0.5 * 0.9, 0.5 * 1.11);
            Assert.InRange(sorted[2], 0.9 * 0.9, 1.0);
        }

        Assert.True(brightest.Count > 1, "the channels were never permuted");
    }

    [Fact]
    public void Strength_zero_changes_nothing_and_draws_nothing()
    {
        using var scope = NewDisposeScope();
        var inputs = rand([RefinerInputs.ChannelsWithRules, 8, 8]);
        var target = rand([3, 8, 8]);
        var used = new Random(9);
        var (same, truth) = ColourJitter.Apply(inputs, target, 0, used);
        Assert.Same(inputs, same);
        Assert.Same(target, truth);
        Assert.Equal(new Random(9).Next(), used.Next());
        Assert.Throws<ArgumentOutOfRangeException>(() => ColourJitter.Apply(inputs, target, -0.1, used));
        Assert.Throws<ArgumentException>(() => new RefinerTrainingOptions { ColourJitter = 1.5 }.Validate());
    }
}
