using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>The refiner trainer with the VGG19 perceptual term on (random VGG19 weights in torchvision's layout).</summary>
[Collection(TorchCollection.Name)]
public sealed class PerceptualTrainingTests
{
    private static List<TrainingExample> Examples()
    {
        var scene = TrainingScene.OneObject();
        return [StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity)];
    }

    private static RefinerTrainingOptions Options(Vgg19Features? vgg) => new()
    {
        Architecture = Networks.Small,
        Crop = 32,
        Batch = 2,
        Seed = 3,
        LearningRate = 1e-3,
        Vgg19 = vgg,
    };

    private static float[] Values(IEnumerable<Tensor> parameters) => parameters.SelectMany(p => p.data<float>().ToArray()).ToArray();

    [Fact]
    public void A_step_adds_twice_the_perceptual_loss_trains_the_refiner_and_leaves_VGG19_unchanged()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        using var vgg = Vgg19TestWeights.Load(dir.Path);
        var examples = Examples();
        using var trainer = new RefinerTrainer(examples, Options(vgg));
        var vggBefore = Values(vgg.parameters());
        var refinerBefore = Values(trainer.Network.parameters());

        var losses = trainer.TrainStep();

        Assert.True(double.IsFinite(losses.Perceptual) && losses.Perceptual > 0, $"perceptual {losses.Perceptual}");
        var expected = (10 * losses.OcclusionWeightedL1) + (2 * losses.Perceptual) + (0.1 * losses.Adversarial);
        Assert.Equal(expected, losses.Total, 1e-4 * expected);
        Assert.Equal(vggBefore, Values(vgg.parameters()));
        Assert.NotEqual(refinerBefore, Values(trainer.Network.parameters()));
        Assert.All(vgg.parameters(), p => Assert.Null(p.grad));
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void With_an_ssim_weight_a_step_adds_that_many_times_the_structural_term_and_logs_it()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        var examples = Examples();
        var weights = dir.File("refiner.bin");

        var losses = RefinerTrainingRun.Run(examples, Options(null) with { SsimWeight = 3 }, weights, steps: 2, checkpointEvery: 0, resume: false, threads: 1);

        Assert.All(losses, l =>
        {
            Assert.True(l.Structural > 0 && l.Structural < 1, $"step {l.Step}: ssim term {l.Structural}");
            var expected = (10 * l.OcclusionWeightedL1) + (3 * l.Structural) + (0.1 * l.Adversarial);
            Assert.Equal(expected, l.Total, 1e-4 * expected);
        });
        var lines = File.ReadAllLines(RefinerTrainingRun.LossCsv(weights));
        Assert.Equal("step,l1,perceptual,adversarial,discriminator,total,ssim", lines[0]);
        Assert.Equal(losses[1].Structural, double.Parse(lines[2].Split(',')[6], System.Globalization.CultureInfo.InvariantCulture), 1e-6);
        Assert.Throws<ArgumentException>(() => (Options(null) with { SsimWeight = -1 }).Validate());
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void Without_VGG19_the_perceptual_loss_is_zero()
    {
        set_num_threads(1);
        var examples = Examples();
        using var trainer = new RefinerTrainer(examples, Options(null));
        var losses = trainer.TrainStep();
        Assert.Equal(0, losses.Perceptual);
        Assert.Equal((10 * losses.OcclusionWeightedL1) + (0.1 * losses.Adversarial), losses.Total, 1e-4 * losses.Total);
        Assert.Equal(0, losses.Structural);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_whose_perceptual_setting_differs()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        using var vgg = Vgg19TestWeights.Load(dir.Path);
        var examples = Examples();
        var on = Path.Combine(dir.Path, "on");
        var off = Path.Combine(dir.Path, "off");
        using (var trainer = new RefinerTrainer(examples, Options(vgg)))
        {
            trainer.TrainStep();
            RefinerCheckpoint.Save(trainer, on);
        }

        using (var trainer = new RefinerTrainer(examples, Options(null)))
        {
            trainer.TrainStep();
            RefinerCheckpoint.Save(trainer, off);
        }

        Assert.True(RefinerCheckpoint.ReadState(on).Perceptual);
        Assert.False(RefinerCheckpoint.ReadState(off).Perceptual);

        using var without = new RefinerTrainer(examples, Options(null));
        var error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(without, on));
        Assert.Contains("the perceptual (VGG19) term on; this run has the perceptual (VGG19) term off", error.Message, StringComparison.Ordinal);

        using var with = new RefinerTrainer(examples, Options(vgg));
        error = Assert.Throws<InvalidDataException>(() => RefinerCheckpoint.Restore(with, off));
        Assert.Contains("the perceptual (VGG19) term off; this run has the perceptual (VGG19) term on", error.Message, StringComparison.Ordinal);

        RefinerCheckpoint.Restore(with, on);
        Assert.Equal(1, with.Step);
        examples.ForEach(e => e.Dispose());
    }

    [Fact]
    public void A_checkpoint_written_before_the_perceptual_term_reads_as_off()
    {
        using var dir = new TempDirectory();
        // The state as the earlier code wrote it: the same record without the Perceptual property.
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
            new RefinerCheckpoint.State(7, 1, Networks.Small, 32, 2, Perceptual: true)))!.AsObject();
        Assert.True(json.Remove("Perceptual"));
        File.WriteAllText(dir.File("state.json"), json.ToJsonString());
        var state = RefinerCheckpoint.ReadState(dir.Path);
        Assert.Equal(7, state.Step);
        Assert.False(state.Perceptual);
    }

    [Fact]
    public void A_run_with_VGG19_logs_the_perceptual_column_and_a_resumed_run_keeps_it()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        using var vgg = Vgg19TestWeights.Load(dir.Path);
        var examples = Examples();
        var weights = dir.File("refiner.bin");
        RefinerTrainingRun.Run(examples, Options(vgg), weights, steps: 2, checkpointEvery: 0, resume: false, threads: 1);
        var losses = RefinerTrainingRun.Run(examples, Options(vgg), weights, steps: 3, checkpointEvery: 0, resume: true, threads: 1);

        Assert.Equal([1L, 2, 3], losses.Select(l => l.Step));
        Assert.All(losses, l => Assert.True(l.Perceptual > 0 && double.IsFinite(l.Perceptual), $"step {l.Step}: {l.Perceptual}"));
        var lines = File.ReadAllLines(RefinerTrainingRun.LossCsv(weights));
        Assert.Equal("step,l1,perceptual,adversarial,discriminator,total,ssim", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.True(double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) > 0, l));
        examples.ForEach(e => e.Dispose());
    }
}
