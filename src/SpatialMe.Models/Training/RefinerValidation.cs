namespace SpatialMe.Models.Training;

/// <summary>Held-out examples a training run scores itself on (<see cref="ValidationLoss"/>), and how often.</summary>
/// <param name="Examples">Whole frames never trained on.</param>
/// <param name="Every">Steps between scores (the run also scores at its start and its end).</param>
public sealed record RefinerValidation(IReadOnlyList<TrainingExample> Examples, long Every)
{
    public void Validate()
    {
        if (Examples.Count == 0)
        {
            throw new ArgumentException("There are no validation examples.");
        }

        if (Every < 1)
        {
            throw new ArgumentException($"The validation interval must be at least 1 step, got {Every}.");
        }
    }
}
