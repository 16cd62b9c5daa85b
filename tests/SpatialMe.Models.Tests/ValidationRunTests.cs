using System.Globalization;
using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>A training run with held-out examples scores itself as it goes and leaves the best-scoring weights.</summary>
[Collection(TorchCollection.Name)]
public sealed class ValidationRunTests
{
    private static TrainingExample Example(TrainingScene scene) => StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);

    /// <summary>A learning rate far above the paper's, so a few steps move the score a lot either way.</summary>
    private static RefinerTrainingOptions Options() => new()
    {
        Architecture = Networks.Small,
        Crop = 32,
        Batch = 2,
        Seed = 5,
        LearningRate = 3e-2,
        StartAtDisparityExpansion = false,
    };

    private static List<(long Step, double Loss, bool Best)> Rows(string weights) =>
        File.ReadLines(RefinerTrainingRun.ValidationCsv(weights)).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), f[2] == "1"))
            .ToList();

    [Fact]
    public void The_weights_file_holds_the_best_scoring_network_and_a_resumed_run_keeps_the_earlier_scores()
    {
        set_num_threads(1);
        using var dir = new TempDirectory();
        var training = new List<TrainingExample> { Example(TrainingScene.OneObject()) };
        var held = new List<TrainingExample> { Example(TrainingScene.Create(64, 48, (8, 6, 16, 14, 5, 7), (36, 22, 18, 16, 8, 9))) };
        var weights = dir.File("refiner.bin");
        var validation = new RefinerValidation(held, Every: 2);
        var scored = new List<(long, double, bool)>();
        RefinerTrainingRun.Run(training, Options(), weights, steps: 5, checkpointEvery: 0, resume: false, threads: 1, validation: validation, validated: (s, l, b) => scored.Add((s, l, b)));

        // Scored at the start, every 2 steps and at the end; the log and the callback agree.
        var rows = Rows(weights);
        Assert.Equal([0L, 2, 4, 5], rows.Select(r => r.Step));
        Assert.Equal(rows, scored);
        Assert.True(rows[0].Best, "the first score is the best so far");
        var best = rows.MinBy(r => r.Loss);
        Assert.Equal(rows.Where(r => r.Best).Last(), best);

        // The file holds the network of the best row: scoring it again gives that row's loss.
        using (var saved = RefinerWeights.Load(weights))
        {
            Assert.Equal(best.Loss, ValidationLoss.OcclusionWeightedL1(saved, held), 5);
        }

        Assert.Contains($"step {best.Step}, best validation L1", RefinerWeights.ReadHeader(weights).Description, StringComparison.Ordinal);

        // Resumed to step 7: the earlier rows stay, the new scores follow, and the file is still the best of them all.
        RefinerTrainingRun.Run(training, Options(), weights, steps: 7, checkpointEvery: 0, resume: true, threads: 1, validation: validation);
        var resumed = Rows(weights);
        Assert.Equal([0L, 2, 4, 5, 6, 7], resumed.Select(r => r.Step));
        Assert.Equal(rows, resumed.Take(4));
        using (var saved = RefinerWeights.Load(weights))
        {
            Assert.Equal(resumed.Min(r => r.Loss), ValidationLoss.OcclusionWeightedL1(saved, held), 5);
        }

        training.ForEach(e => e.Dispose());
        held.ForEach(e => e.Dispose());
    }

    [Fact]
    public void A_run_without_validation_examples_is_refused()
    {
        using var dir = new TempDirectory();
        var training = new List<TrainingExample> { Example(TrainingScene.OneObject()) };
        var error = Assert.Throws<ArgumentException>(() => RefinerTrainingRun.Run(
            training, Options(), dir.File("r.bin"), steps: 1, checkpointEvery: 0, resume: false, threads: 1, validation: new RefinerValidation([], 10)));
        Assert.Contains("no validation examples", error.Message, StringComparison.Ordinal);
        training.ForEach(e => e.Dispose());
    }
}
