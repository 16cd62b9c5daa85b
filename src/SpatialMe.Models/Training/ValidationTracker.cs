using System.Globalization;
using SpatialMe.Models.Refiner;

namespace SpatialMe.Models.Training;

/// <summary>
/// Scores a run on its validation examples, logs each score to <c>&lt;out&gt;.validation.csv</c> (<c>step,l1,best</c>,
/// flushed as it goes) and writes the weights file whenever a score is the best so far. A resumed run keeps the rows
/// up to its checkpoint's step, and the best among them, so the file stays the best of the whole run.
/// </summary>
internal sealed class ValidationTracker : IDisposable
{
    private const string Header = "step,l1,best";

    private readonly RefinerValidation _validation;
    private readonly RefinerTrainingOptions _options;
    private readonly RefinerTrainer _trainer;
    private readonly string _weightsPath;
    private readonly RefinerTrainingRun.Validated? _validated;
    private readonly StreamWriter _writer;
    private double _best = double.PositiveInfinity;
    private long _lastStep = -1;

    public ValidationTracker(RefinerValidation validation, RefinerTrainingOptions options, RefinerTrainer trainer, string weightsPath, bool resume, RefinerTrainingRun.Validated? validated)
    {
        validation.Validate();
        _validation = validation;
        _options = options;
        _trainer = trainer;
        _weightsPath = weightsPath;
        _validated = validated;
        var path = RefinerTrainingRun.ValidationCsv(weightsPath);
        var earlier = resume ? ReadRows(path, trainer.Step) : [];
        _writer = new StreamWriter(path, append: false);
        _writer.WriteLine(Header);
        foreach (var (step, loss) in earlier)
        {
            Log(step, loss, loss < _best);
            _best = Math.Min(_best, loss);
        }

        ValidateUnlessDone();
    }

    /// <summary>Scores the network as it is now.</summary>
    public void Validate()
    {
        var step = _trainer.Step;
        var loss = ValidationLoss.OcclusionWeightedL1(_trainer.Network, _validation.Examples, _options.RimRadius, _options.OcclusionWeight, _options.VisibleWeight);
        var best = loss < _best;
        if (best)
        {
            _best = loss;
            RefinerWeights.Save(_trainer.Network, _weightsPath, string.Create(
                CultureInfo.InvariantCulture,
                $"spatialme train refiner: step {step}, best validation L1 {loss:G6} on {_validation.Examples.Count} held-out examples; crop {_options.Crop}, batch {_options.Batch}, seed {_options.Seed}"));
        }

        Log(step, loss, best);
        _validated?.Invoke(step, loss, best);
    }

    /// <summary>Scores the network unless the current step was scored already.</summary>
    public void ValidateUnlessDone()
    {
        if (_lastStep != _trainer.Step)
        {
            Validate();
        }
    }

    public void Dispose() => _writer.Dispose();

    private void Log(long step, double loss, bool best)
    {
        _lastStep = step;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step},{loss:R},{(best ? 1 : 0)}"));
        _writer.Flush();
    }

    private static List<(long Step, double Loss)> ReadRows(string path, long upTo) => !File.Exists(path)
        ? []
        : File.ReadLines(path).Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f.Length == 3)
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture)))
            .Where(r => r.Item1 <= upTo)
            .ToList();
}
