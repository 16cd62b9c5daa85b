using SpatialMe.Models.Refiner;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// Builds the <see cref="JobModels"/> a job carries from resolved model files, each with its content fingerprint —
/// the one place that does it, for <c>submit</c>, the farm profile of <c>convert</c> and <c>catalog submit</c>.
/// </summary>
public static class JobModelFiles
{
    /// <summary>
    /// The models as a job carries them (null where the job uses neither). The shipped refiner travels as
    /// <see cref="JobModels.ShippedRefiner"/>: each silo reads its own copy, which the fingerprint then proves is the
    /// same file. The depth input size is only kept with a depth model (without one it means nothing and is not part
    /// of the job id).
    /// </summary>
    /// <param name="refinerPath">Full path of the refiner weights, or null for the rule-based fusion.</param>
    /// <param name="refinerIsShipped">Whether <paramref name="refinerPath"/> is the build's shipped refiner.</param>
    /// <param name="depthModelPath">Full path of a Depth Anything V2 checkpoint, or null.</param>
    /// <param name="depthInputSize">Short side of the depth network's input.</param>
    public static JobModels? For(string? refinerPath, bool refinerIsShipped, string? depthModelPath, int depthInputSize)
    {
        if (refinerPath is null && depthModelPath is null)
        {
            return null;
        }

        return new JobModels
        {
            Refiner = refinerPath is null ? null : refinerIsShipped ? JobModels.ShippedRefiner : refinerPath,
            RefinerFingerprint = refinerPath is null ? null : ModelFingerprints.Of(refinerPath),
            DepthModel = depthModelPath,
            DepthModelFingerprint = depthModelPath is null ? null : ModelFingerprints.Of(depthModelPath),
            DepthInputSize = depthModelPath is null ? JobModels.DefaultDepthInputSize : depthInputSize,
        };
    }

    /// <summary>Null where <paramref name="path"/> (a full path) is a readable refiner weights file, else why not.</summary>
    public static string? RefinerProblem(string path)
    {
        if (!File.Exists(path))
        {
            return "does not exist";
        }

        try
        {
            RefinerWeights.ReadHeader(path);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return $"cannot be used: {ex.Message}";
        }
    }
}
