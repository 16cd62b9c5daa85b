using SpatialMe.Farm.Jobs;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Depth;

namespace SpatialMe.Cli.Conversion;

/// <summary>
/// The learned models a conversion uses (<c>--refiner</c>, <c>--depth-model</c>): full paths checked before any
/// work, so a typo fails in a second with the file's name rather than after the farm has started.
/// </summary>
public sealed record ConversionModels
{
    /// <summary>Cue-based depth and the rule-based fusion.</summary>
    public static ConversionModels None { get; } = new();

    /// <summary>The refiner weights (full path), or null for the rule-based fusion.</summary>
    public string? RefinerPath { get; init; }

    /// <summary>Whether <see cref="RefinerPath"/> is the build's shipped refiner (chosen by default).</summary>
    public bool RefinerIsShipped { get; init; }

    /// <summary>The Depth Anything V2 checkpoint (full path), or null for the cue-based estimator.</summary>
    public string? DepthModelPath { get; init; }

    public int DepthInputSize { get; init; } = JobModels.DefaultDepthInputSize;

    /// <summary>The fusion as the summary names it.</summary>
    public string Fusion => RefinerPath is null ? "rule-based" : $"refiner {Path.GetFileName(RefinerPath)}";

    /// <summary>
    /// The models the options select: <paramref name="refiner"/> null means the shipped refiner where this build has
    /// one, <c>none</c> the rule-based fusion. Throws <see cref="ArgumentException"/> naming a missing or invalid file
    /// (the refiner's header is read; a depth checkpoint is checked fully by <see cref="ValidateDepthModel"/>).
    /// </summary>
    public static ConversionModels Resolve(string? refiner, string? depthModel, int depthInputSize)
    {
        if (depthInputSize < DepthAnythingConfig.PatchSize)
        {
            throw new ArgumentException($"--depth-input-size must be at least {DepthAnythingConfig.PatchSize}, got {depthInputSize}.");
        }

        var refinerPath = ShippedRefiner.Resolve(refiner);
        if (refinerPath is not null)
        {
            refinerPath = Path.GetFullPath(refinerPath);
            if (!File.Exists(refinerPath))
            {
                throw new ArgumentException($"the refiner weights file '{refiner}' does not exist (give a file from `spatialme train refiner`, or --refiner none).");
            }

            if (JobModelFiles.RefinerProblem(refinerPath) is { } why)
            {
                throw new ArgumentException($"the refiner weights file '{refinerPath}' {why}");
            }
        }

        string? depthPath = null;
        if (depthModel is not null)
        {
            depthPath = Path.GetFullPath(depthModel);
            if (!File.Exists(depthPath))
            {
                throw new ArgumentException($"the depth model file '{depthModel}' does not exist.");
            }
        }

        return new ConversionModels
        {
            RefinerPath = refinerPath,
            RefinerIsShipped = refiner is null && refinerPath is not null,
            DepthModelPath = depthPath,
            DepthInputSize = depthInputSize,
        };
    }

    /// <summary>Reads the depth checkpoint through and lets it go: throws <see cref="ArgumentException"/> listing what is wrong.</summary>
    public void ValidateDepthModel()
    {
        if (DepthModelPath is not null)
        {
            using var checkpoint = ReadCheckpoint();
        }
    }

    /// <summary>The depth estimator to run in this process (the caller disposes a disposable one).</summary>
    public IDepthEstimator CreateDepthEstimator()
    {
        if (DepthModelPath is null)
        {
            return new CueDepthEstimator();
        }

        using var checkpoint = ReadCheckpoint();
        return new DepthAnythingV2Estimator(checkpoint, DepthInputSize);
    }

    /// <summary>The refiner to run in this process, or null for the rule-based fusion.</summary>
    public MhfuRefiner? CreateRefiner()
    {
        if (RefinerPath is null)
        {
            return null;
        }

        try
        {
            return MhfuRefiner.Load(RefinerPath);
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException($"the refiner weights file '{RefinerPath}' cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The models as a job carries them, each file with its content fingerprint (null where the job uses neither).
    /// The shipped refiner travels as <see cref="JobModels.ShippedRefiner"/>: each silo reads its own copy, which the
    /// fingerprint then proves is the same file.
    /// </summary>
    public JobModels? ToJobModels()
    {
        return JobModelFiles.For(RefinerPath, RefinerIsShipped, DepthModelPath, DepthInputSize);
    }

    private DepthAnythingCheckpoint ReadCheckpoint()
    {
        try
        {
            return DepthAnythingCheckpoint.Read(DepthModelPath!);
        }
        catch (DepthCheckpointException ex)
        {
            throw new ArgumentException($"the depth model {ex.Message}", ex);
        }
    }
}
