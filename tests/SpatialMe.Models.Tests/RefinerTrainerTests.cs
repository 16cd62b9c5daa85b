using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class RefinerTrainerTests
{
    private static List<TrainingExample> Examples() =>
    [
        Example(TrainingScene.OneObject()),
        Example(TrainingScene.Create(64, 48, (8, 6, 16, 14, 5, 7), (36, 22, 18, 16, 8, 9))),
    ];

    private static TrainingExample Example(TrainingScene scene) => StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);

    /// <summary>Small network and crops, a larger learning rate than the paper's and the neutral start (masks at ½) so a
    /// few steps show the trend; a rim radius that puts every pixel of these small frames in the refinement region, so
    /// the whole L1 is the network's to lower.</summary>
    private static RefinerTrainingOptions Options(int seed = 3) => new()
    {
        Architecture = Networks.Small,
        Crop = 32,
        Batch = 2,
        Seed = seed,
        LearningRate = 1e-3,
        StartAtDisparityExpansion = false,
        RimRadius = 64,
    };

    [Fact]
    public void Training_on_synthetic_pairs_lowers_the_occlusion_weighted_L1()
    {
        set_num_threads(1);
        var examples = Examples();
        using var trainer = new RefinerTrainer(examples, Options());
        var before = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        var losses = Enumerable.Range(0, 150).Select(_ => trainer.TrainStep()).ToList();
        var after = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        Assert.True(after < 0.8 * before, $"the L1 on the whole examples went from {before} to {after}");
        Assert.All(losses, l => Assert.True(double.IsFinite(l.Total) && double.IsFinite(l.Discriminator)));
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), losses.Select(l => l.Step));
        examples.ForEach(e => e.Dispose());
    }

    [Theory]
    [InlineData(HeadOutput.Residual)]
    [InlineData(HeadOutput.Choice)]
    public void A_correcting_network_starts_as_exactly_the_rule_based_fusion_and_training_improves_on_it(HeadOutput output)
    {
        set_num_threads(1);
        var examples = Examples();
        using var trainer = new RefinerTrainer(examples, Options() with { Architecture = Networks.SmallFor(output) });
        var start = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        var rules = examples.Average(e =>
        {
            // The rules' own fusion of each whole example, scored like the network's.
            using var scope = NewDisposeScope();
            var factor = Networks.SmallResidual.DownsamplingFactor;
            var inputs = e.Inputs.narrow(1, 0, e.Height / factor * factor).narrow(2, 0, e.Width / factor * factor).unsqueeze(0);
            var target = e.Target.narrow(1, 0, inputs.shape[2]).narrow(2, 0, inputs.shape[3]).unsqueeze(0);
            var fused = TensorFusion.Apply(inputs, inputs.narrow(1, RefinerInputs.RuleMasks, 6));
            return (double)ContentLoss.OcclusionWeightedL1(fused, target, inputs.narrow(1, RefinerInputs.Occlusion, 1), ContentLoss.DefaultOcclusionWeight, 1).item<float>();
        });
        Assert.Equal(rules, start, 6);

        for (var i = 0; i < 150; i++)
        {
            trainer.TrainStep();
        }

        var after = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        Assert.True(after < start, $"the L1 on the whole examples went from {start} (the rules) to {after}");
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void With_the_relative_L1_a_residual_network_still_improves_on_the_rules_and_a_network_of_the_papers_head_is_refused_it()
    {
        set_num_threads(1);
        var examples = Examples();
        using var trainer = new RefinerTrainer(examples, Options() with { Architecture = Networks.SmallResidual, RelativeL1 = true });
        var start = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        var losses = Enumerable.Range(0, 150).Select(_ => trainer.TrainStep()).ToList();
        var after = ValidationLoss.OcclusionWeightedL1(trainer.Network, examples, rimRadius: 64);
        Assert.True(after < start, $"the L1 on the whole examples went from {start} (the rules) to {after}");
        Assert.All(losses, l => Assert.True(double.IsFinite(l.Total) && double.IsFinite(l.OcclusionWeightedL1)));

        // Another objective: its checkpoint is not continued without it.
        using var dir = new TempDirectory();
        RefinerCheckpoint.Save(trainer, dir.Path);
        using var plain = new RefinerTrainer(examples, Options() with { Architecture = Networks.SmallResidual });
        var refused = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(plain, dir.Path));
        Assert.Contains("was made with the relative L1 on; this run has the relative L1 off,", refused.Message, StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => new RefinerTrainer(examples, Options() with { RelativeL1 = true }));
        Assert.Contains("needs a network that corrects the rules (--prior rules)", error.Message, StringComparison.Ordinal);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void Examples_without_the_rules_channels_are_refused_for_a_network_that_corrects_the_rules()
    {
        var scene = TrainingScene.OneObject();
        using var plain = StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity, withRules: false);
        Assert.Equal(RefinerInputs.Channels, plain.Channels);
        var error = Assert.Throws<ArgumentException>(() => new RefinerTrainer([plain], Options() with { Architecture = Networks.SmallResidual }));
        Assert.Contains("needs examples made with the rules' masks and content", error.Message);
        using var residual = Networks.Seeded(Networks.SmallResidual);
        Assert.Throws<ArgumentException>(() => ValidationLoss.OcclusionWeightedL1(residual, [plain]));

        // The paper's network trains on them as on examples with the rules.
        using var trainer = new RefinerTrainer([plain], Options());
        Assert.True(double.IsFinite(trainer.TrainStep().Total));
    }

    [Fact]
    public void Two_runs_with_one_seed_give_bit_identical_weights_and_another_seed_does_not()
    {
        set_num_threads(1);
        var examples = Examples();
        float[] Run(int seed)
        {
            using var trainer = new RefinerTrainer(examples, Options(seed));
            for (var i = 0; i < 5; i++)
            {
                trainer.TrainStep();
            }

            return trainer.Network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        var a = Run(3);
        Assert.Equal(a, Run(3));
        Assert.NotEqual(a, Run(4));
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void Resuming_from_a_checkpoint_gives_bit_identical_weights_to_an_uninterrupted_run()
    {
        set_num_threads(1);
        var examples = Examples();
        using var dir = new TempDirectory();
        float[] Weights(RefinerTrainer t) => t.Network.parameters().Concat(t.Discriminator.parameters())
            .SelectMany(p => p.data<float>().ToArray()).ToArray();

        float[] straight;
        using (var trainer = new RefinerTrainer(examples, Options()))
        {
            for (var i = 0; i < 6; i++)
            {
                trainer.TrainStep();
            }

            straight = Weights(trainer);
        }

        using (var first = new RefinerTrainer(examples, Options()))
        {
            for (var i = 0; i < 3; i++)
            {
                first.TrainStep();
            }

            RefinerCheckpoint.Save(first, dir.Path);
        }

        // A fresh trainer (fresh initial weights, fresh optimisers) takes everything from the checkpoint.
        using var resumed = new RefinerTrainer(examples, Options());
        RefinerCheckpoint.Restore(resumed, dir.Path);
        Assert.Equal(3, resumed.Step);
        var steps = Enumerable.Range(0, 3).Select(_ => resumed.TrainStep().Step).ToList();
        Assert.Equal(new long[] { 4, 5, 6 }, steps);
        Assert.Equal(straight, Weights(resumed));

        using var other = new RefinerTrainer(examples, Options() with { Architecture = new MhfuArchitecture(RefinerInputs.Channels, 8, 3) });
        var error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(other, dir.Path));
        Assert.Contains("base channels 4 and levels 3 (the paper's head), not base channels 8", error.Message, StringComparison.Ordinal);

        // Another mix of warp-back and stereo crops draws other batches: not the same run either.
        using var mixed = new RefinerTrainer(examples, Options() with { WarpBackShare = 0.25 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(mixed, dir.Path));
        Assert.Contains("warp-back share 0.5", error.Message, StringComparison.Ordinal);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void The_trained_network_saves_to_a_file_the_refiner_loads()
    {
        var examples = Examples();
        using var dir = new TempDirectory();
        var path = dir.File("refiner.bin");
        using (var trainer = new RefinerTrainer(examples, Options()))
        {
            trainer.TrainStep();
            RefinerWeights.Save(trainer.Network, path, "test");
        }

        using var refiner = MhfuRefiner.Load(path);
        Assert.Equal(Networks.Small, refiner.Architecture);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void Examples_smaller_than_the_crop_and_an_empty_set_are_refused_clearly()
    {
        var examples = Examples();
        var tooLarge = Assert.Throws<ArgumentException>(() => new RefinerTrainer(examples, Options() with { Crop = 64 }));
        Assert.Contains("smaller than the crop size 64", tooLarge.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => new RefinerTrainer([], Options()));
        Assert.Contains("no training examples", empty.Message, StringComparison.Ordinal);
        var badCrop = Assert.Throws<ArgumentException>(() => new RefinerTrainer(examples, Options() with { Crop = 20 }));
        Assert.Contains("multiple of 8", badCrop.Message, StringComparison.Ordinal);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void The_loss_log_has_a_header_and_one_row_per_step()
    {
        using var dir = new TempDirectory();
        var path = dir.File("refiner.losses.csv");
        using (var log = new LossLog(path))
        {
            for (var step = 1; step <= 3; step++)
            {
                log.Append(new StepLosses(step, 0.5 / step, 0.7, 0.69, 5.0 / step));
            }
        }

        using (var resumed = new LossLog(path, append: true))
        {
            resumed.Append(new StepLosses(4, 0.1, 0.7, 0.69, 1.07));
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(LossLog.Header, lines[0]);
        Assert.Equal(new[] { "1", "2", "3", "4" }, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("0.25", lines[2].Split(',')[1]);
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_made_with_another_rim_radius_visible_weight_adversarial_weight_ssim_weight_or_colour_jitter()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        var examples = Examples();
        using (var trainer = new RefinerTrainer(examples, Options()))
        {
            trainer.TrainStep();
            RefinerCheckpoint.Save(trainer, dir.Path);
        }

        Assert.Equal((64, 1.0), (RefinerCheckpoint.ReadState(dir.Path).RimRadius, RefinerCheckpoint.ReadState(dir.Path).VisibleWeight));
        using var otherRim = new RefinerTrainer(examples, Options() with { RimRadius = 8 });
        var error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(otherRim, dir.Path));
        Assert.Contains("was made with rim radius 64; this run has rim radius 8, so it would not continue the same run.", error.Message, StringComparison.Ordinal);
        using var otherWeight = new RefinerTrainer(examples, Options() with { VisibleWeight = 0 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(otherWeight, dir.Path));
        Assert.Contains("was made with visible weight 1; this run has visible weight 0,", error.Message, StringComparison.Ordinal);
        using var otherAdversarial = new RefinerTrainer(examples, Options() with { AdversarialWeight = 0 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(otherAdversarial, dir.Path));
        Assert.Contains("was made with adversarial weight 0.1; this run has adversarial weight 0,", error.Message, StringComparison.Ordinal);
        using var otherSsim = new RefinerTrainer(examples, Options() with { SsimWeight = 10 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(otherSsim, dir.Path));
        Assert.Contains("was made with SSIM weight 0; this run has SSIM weight 10,", error.Message, StringComparison.Ordinal);
        using var otherJitter = new RefinerTrainer(examples, Options() with { ColourJitter = 0.2 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(otherJitter, dir.Path));
        Assert.Contains("was made with colour jitter 0; this run has colour jitter 0.2,", error.Message, StringComparison.Ordinal);

        // Several differences are all named, in one message, and nothing that agrees is.
        using var several = new RefinerTrainer(examples, Options() with { RimRadius = 8, SsimWeight = 10, Seed = 5 });
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(several, dir.Path));
        Assert.Contains("was made with seed 3, rim radius 64 and SSIM weight 0; this run has seed 5, rim radius 8 and SSIM weight 10,", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("visible weight", error.Message, StringComparison.Ordinal);
        using var same = new RefinerTrainer(examples, Options());
        RefinerCheckpoint.Restore(same, dir.Path);
        Assert.Equal(1, same.Step);
        examples.ForEach(e => e.Dispose());
    }
}
