using System.Diagnostics;
using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// A whole training run with its files, for the <c>train refiner</c> command: trains for a number of steps, logs every
/// step's losses to <c>&lt;out&gt;.losses.csv</c>, writes a checkpoint to <c>&lt;out&gt;.checkpoint/</c> every N steps
/// and at the end (so <paramref name="resume"/> continues exactly), and finally writes the weights with
/// <see cref="RefinerWeights.Save"/> (what <see cref="MhfuRefiner.Load"/> reads) and the loss curve
/// <c>&lt;out&gt;.losses.png</c>.
/// With a <see cref="RefinerValidation"/> the run scores itself on held-out examples at its start and every N steps
/// (<c>&lt;out&gt;.validation.csv</c>), and the weights file always holds the network that scored best so far — early
/// stopping without stopping: a run that drifts away from its start (docs/quality.md, run D) leaves its best weights,
/// not its last ones. The checkpoint still holds the last step, so a resumed run continues exactly.
/// </summary>
public static class RefinerTrainingRun
{
    /// <summary>Progress after each step: the step's losses, examples per second so far, and the time left.</summary>
    public delegate void Progress(StepLosses losses, double examplesPerSecond, TimeSpan remaining);

    /// <summary>A validation score: the step it was taken at, the held-out occlusion-weighted L1, and whether it is
    /// the best so far (and so what the weights file now holds).</summary>
    public delegate void Validated(long step, double loss, bool best);

    public static string CheckpointFolder(string weightsPath) => weightsPath + ".checkpoint";

    public static string LossCsv(string weightsPath) => weightsPath + ".losses.csv";

    public static string LossPlot(string weightsPath) => weightsPath + ".losses.png";

    public static string ValidationCsv(string weightsPath) => weightsPath + ".validation.csv";

    /// <param name="steps">Total steps of the run (a resumed run does the ones that remain).</param>
    /// <param name="checkpointEvery">Steps between checkpoints (0: only at the end).</param>
    /// <param name="threads">libtorch CPU threads (process-wide).</param>
    public static IReadOnlyList<StepLosses> Run(
        IReadOnlyList<TrainingExample> examples,
        RefinerTrainingOptions options,
        string weightsPath,
        long steps,
        long checkpointEvery,
        bool resume,
        int threads,
        Progress? progress = null,
        CancellationToken cancellation = default,
        RefinerValidation? validation = null,
        Validated? validated = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        if (threads > 0)
        {
            set_num_threads(threads);
        }

        using var trainer = new RefinerTrainer(examples, options);
        var checkpoint = CheckpointFolder(weightsPath);
        if (resume)
        {
            RefinerCheckpoint.Restore(trainer, checkpoint);
        }

        var losses = resume ? ReadLog(LossCsv(weightsPath), trainer.Step) : [];
        using var validationLog = validation is null ? null : new ValidationTracker(validation, options, trainer, weightsPath, resume, validated);
        // A resumed run rewrites the log up to the checkpoint's step: rows an interrupted run logged after its last
        // checkpoint are redone, and must not appear twice.
        using (var log = new LossLog(LossCsv(weightsPath)))
        {
            losses.ForEach(log.Append);
            var clock = Stopwatch.StartNew();
            var start = trainer.Step;
            while (trainer.Step < steps && !cancellation.IsCancellationRequested)
            {
                var step = trainer.TrainStep();
                losses.Add(step);
                log.Append(step);
                if (checkpointEvery > 0 && step.Step % checkpointEvery == 0)
                {
                    RefinerCheckpoint.Save(trainer, checkpoint);
                }

                if (validation is not null && step.Step % validation.Every == 0)
                {
                    validationLog!.Validate();
                }

                var done = trainer.Step - start;
                var perSecond = done * options.Batch / clock.Elapsed.TotalSeconds;
                var remaining = TimeSpan.FromSeconds((steps - trainer.Step) * options.Batch / Math.Max(perSecond, 1e-9));
                progress?.Invoke(step, perSecond, remaining);
            }
        }

        RefinerCheckpoint.Save(trainer, checkpoint);
        if (validationLog is null)
        {
            RefinerWeights.Save(trainer.Network, weightsPath, $"spatialme train refiner: {trainer.Step} steps, crop {options.Crop}, batch {options.Batch}, seed {options.Seed}");
        }
        else
        {
            validationLog.ValidateUnlessDone();
        }

        LossCurvePlot.Save(losses, LossPlot(weightsPath));
        return losses;
    }

    /// <summary>The steps up to <paramref name="upTo"/> from an earlier run's log, so the curve covers the whole run.</summary>
    private static List<StepLosses> ReadLog(string path, long upTo)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // step,l1,perceptual,adversarial,discriminator,total,ssim (LossLog.Header); older logs lack the ssim column
        // (six columns) or the perceptual one too (five).
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return File.ReadLines(path).Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f.Length is 5 or 6 or 7)
            .Select(f => f.Length >= 6
                ? new StepLosses(long.Parse(f[0], c), double.Parse(f[1], c), double.Parse(f[3], c), double.Parse(f[4], c), double.Parse(f[5], c), double.Parse(f[2], c), f.Length == 7 ? double.Parse(f[6], c) : 0)
                : new StepLosses(long.Parse(f[0], c), double.Parse(f[1], c), double.Parse(f[2], c), double.Parse(f[3], c), double.Parse(f[4], c)))
            .Where(l => l.Step <= upTo)
            .ToList();
    }
}
