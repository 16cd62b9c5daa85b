using System.Text.Json;
using SpatialMe.Models.Refiner;

namespace SpatialMe.Models.Training;

/// <summary>
/// A training run's full state in a folder, so a resumed run continues exactly where it stopped: both networks'
/// weights, both Adam optimisers' moments and step counts, and <c>state.json</c> with the step, the seed, the
/// settings that shape tensors or batches and whether the perceptual term is on. Batches depend only on (seed, step) (<see cref="RefinerTrainer"/>), so no
/// generator position needs saving: with the same examples, a resumed run's weights are bit-identical to an
/// uninterrupted run's. Files are written beside the old ones and renamed over them, so a crash mid-save leaves the
/// previous checkpoint readable.
/// </summary>
public static class RefinerCheckpoint
{
    private const string StateFile = "state.json";
    private const string RefinerFile = "refiner.weights";
    private const string DiscriminatorFile = "discriminator.weights";
    private const string RefinerOptimizerFile = "refiner.adam";
    private const string DiscriminatorOptimizerFile = "discriminator.adam";

    /// <summary>What a checkpoint records besides the tensors.</summary>
    /// <param name="Perceptual">Whether the run had the VGG19 perceptual term; false in checkpoints written before the
    /// term existed, which is what they were trained with.</param>
    /// <param name="RimRadius">The refinement region's rim; null in checkpoints written before training scored the
    /// tiled result (they scored the whole crop), which no setting of this code continues.</param>
    /// <param name="VisibleWeight">Visible pixels' weight in the L1 term (1 before it was a setting).</param>
    /// <param name="AdversarialWeight">The adversarial term's weight (0.1 before it was a setting).</param>
    /// <param name="SsimWeight">The structural term's weight (0 before it existed).</param>
    /// <param name="ColourJitter">The colour augmentation's strength (0 before it existed).</param>
    /// <param name="RelativeL1">Whether each crop's L1 was weighed by the rules' (off before it existed).</param>
    public sealed record State(long Step, int Seed, MhfuArchitecture Architecture, int Crop, int Batch, bool Perceptual = false, double WarpBackShare = 0.5, int? RimRadius = null, double VisibleWeight = 1, double AdversarialWeight = 0.1, double SsimWeight = 0, double ColourJitter = 0, bool RelativeL1 = false);

    public static void Save(RefinerTrainer trainer, string folder)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        Directory.CreateDirectory(folder);
        Replace(Path.Combine(folder, RefinerFile), p => trainer.Network.save(p));
        Replace(Path.Combine(folder, DiscriminatorFile), p => trainer.Discriminator.save(p));
        Replace(Path.Combine(folder, RefinerOptimizerFile), p => trainer.RefinerOptimizer.save_state_dict(p));
        Replace(Path.Combine(folder, DiscriminatorOptimizerFile), p => trainer.DiscriminatorOptimizer.save_state_dict(p));
        var o = trainer.Options;
        var state = Run(o) with { Step = trainer.Step };
        Replace(Path.Combine(folder, StateFile), p => File.WriteAllText(p, JsonSerializer.Serialize(state)));
    }

    /// <summary>Reads a checkpoint's state, refusing a folder that is not one.</summary>
    public static State ReadState(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{folder} is not a training checkpoint (no {StateFile}).");
        }

        try
        {
            return JsonSerializer.Deserialize<State>(File.ReadAllText(path)) ?? throw new InvalidDataException("empty state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is unreadable: {e.Message}", e);
        }
    }

    /// <summary>Loads a checkpoint into a trainer made with the same settings, refusing one made with others.</summary>
    public static void Restore(RefinerTrainer trainer, string folder)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var state = ReadState(folder);
        var o = trainer.Options;
        if (state.Architecture != o.Architecture)
        {
            throw new InvalidDataException(
                $"The checkpoint in {folder} is for a network with base channels {state.Architecture.BaseChannels} and levels " +
                $"{state.Architecture.Levels} ({Head(state.Architecture)}), not base channels {o.Architecture.BaseChannels} and levels " +
                $"{o.Architecture.Levels} ({Head(o.Architecture)}).");
        }

        // Other batches, another objective or another region scored: continuing would not be the run the checkpoint
        // started. Only the settings that differ are named.
        var differences = Settings(state).Zip(Settings(Run(o)), (saved, run) => (Saved: saved, Run: run))
            .Where(s => s.Saved != s.Run)
            .ToList();
        if (differences.Count > 0)
        {
            throw new InvalidDataException(
                $"The checkpoint in {folder} was made with {Join(differences.Select(d => d.Saved))}; " +
                $"this run has {Join(differences.Select(d => d.Run))}, so it would not continue the same run.");
        }

        trainer.Network.load(Path.Combine(folder, RefinerFile), strict: true);
        trainer.Discriminator.load(Path.Combine(folder, DiscriminatorFile), strict: true);
        trainer.RefinerOptimizer.load_state_dict(Path.Combine(folder, RefinerOptimizerFile));
        trainer.DiscriminatorOptimizer.load_state_dict(Path.Combine(folder, DiscriminatorOptimizerFile));
        trainer.ResumeAt(state.Step);
    }

    /// <summary>The state a run with these options would save at step 0.</summary>
    private static State Run(RefinerTrainingOptions o) =>
        new(0, o.Seed, o.Architecture, o.Crop, o.Batch, o.Vgg19 is not null, o.WarpBackShare, o.RimRadius, o.VisibleWeight, o.AdversarialWeight, o.SsimWeight, o.ColourJitter, o.RelativeL1);

    /// <summary>The settings a checkpoint must share with the run that continues it, each as its label and value, in
    /// one fixed order (the architecture is checked first, on its own).</summary>
    private static IEnumerable<string> Settings(State s)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        yield return string.Create(c, $"seed {s.Seed}");
        yield return string.Create(c, $"crop {s.Crop}");
        yield return string.Create(c, $"batch {s.Batch}");
        yield return string.Create(c, $"warp-back share {s.WarpBackShare}");
        yield return $"the perceptual (VGG19) term {(s.Perceptual ? "on" : "off")}";
        yield return s.RimRadius is { } rim ? string.Create(c, $"rim radius {rim}") : "no rim radius (the whole crop was scored)";
        yield return string.Create(c, $"visible weight {s.VisibleWeight}");
        yield return string.Create(c, $"adversarial weight {s.AdversarialWeight}");
        yield return string.Create(c, $"SSIM weight {s.SsimWeight}");
        yield return string.Create(c, $"colour jitter {s.ColourJitter}");
        yield return $"the relative L1 {(s.RelativeL1 ? "on" : "off")}";
    }

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static void Replace(string path, Action<string> write)
    {
        var temporary = path + ".partial";
        write(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Head(MhfuArchitecture architecture) => architecture.Output switch
    {
        HeadOutput.Choice => "correcting the rule-based fusion with a choice of background fills, --prior rules --content-choice",
        HeadOutput.Residual => $"correcting the rule-based fusion, --prior rules{(architecture.ReadsDisparity ? " --disparity-input" : "")}",
        _ => "the paper's head",
    };
}
