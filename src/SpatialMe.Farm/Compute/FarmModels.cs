using System.Collections.Concurrent;
using SpatialMe.Farm.Jobs;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Fusion;
using TorchSharp;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The learned models a silo has loaded for the jobs it works on: one refiner and one depth network per file path and
/// fingerprint (and input size), loaded by the first segment that needs it and kept for the life of the process —
/// loading a checkpoint takes far longer than a segment's depth. Before a file is used its content is checked against
/// the fingerprint the job was submitted with, so a silo whose copy differs fails the segment (naming the file)
/// instead of computing with another model than the job id promises.
/// </summary>
/// <param name="preferGpu">Run the networks on CUDA where this process has it (GPU silos of a CUDA build); otherwise CPU.</param>
public sealed class FarmModels(bool preferGpu) : IDisposable
{
    private readonly ConcurrentDictionary<(string Path, string Fingerprint), Lazy<MhfuRefiner>> _refiners = new();
    private readonly ConcurrentDictionary<(string Path, string Fingerprint, int InputSize), Lazy<IDepthEstimator>> _depth = new();

    /// <summary>The refiner <paramref name="models"/> names, or null for the rule-based fusion.</summary>
    public IFusionRefiner? Refiner(JobModels? models)
    {
        if (models?.Refiner is not { } refiner)
        {
            return null;
        }

        var path = refiner == JobModels.ShippedRefiner ? ShippedRefiner.DefaultPath : refiner;
        var fingerprint = Verify(path, models.RefinerFingerprint, "refiner weights");
        var options = RefinerOptions.Default with { Device = Device() };
        return Load(_refiners, (path, fingerprint), _ => MhfuRefiner.Load(path, options));
    }

    /// <summary>The depth network <paramref name="models"/> names, or null where the job uses the silo's default estimator.</summary>
    public IDepthEstimator? DepthEstimator(JobModels? models)
    {
        if (models?.DepthModel is not { } path)
        {
            return null;
        }

        var fingerprint = Verify(path, models.DepthModelFingerprint, "depth model");
        return Load(_depth, (path, fingerprint, models.DepthInputSize), _ =>
        {
            using var checkpoint = DepthAnythingCheckpoint.Read(path);
            return new SerializedDepthEstimator(new DepthAnythingV2Estimator(checkpoint, models.DepthInputSize, device: torch.device(Device())));
        });
    }

    public void Dispose()
    {
        foreach (var refiner in _refiners.Values.Where(l => l.IsValueCreated))
        {
            refiner.Value.Dispose();
        }

        foreach (var depth in _depth.Values.Where(l => l.IsValueCreated))
        {
            ((depth.Value as SerializedDepthEstimator)?.Inner as IDisposable)?.Dispose();
        }
    }

    /// <summary>The cached model for <paramref name="key"/>, loading it once however many segments ask at the same time;
    /// a failed load is forgotten, so the next attempt (after the file was fixed, say) tries again.</summary>
    private static T Load<TKey, T>(ConcurrentDictionary<TKey, Lazy<T>> cache, TKey key, Func<TKey, T> load)
        where TKey : notnull
    {
        var lazy = cache.GetOrAdd(key, k => new Lazy<T>(() => load(k)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<T>>(key, lazy));
            throw;
        }
    }

    private static string Verify(string path, string? expected, string what)
    {
        var actual = ModelFingerprints.Of(path);
        if (expected is not null && !string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"the {what} '{path}' on this silo ({actual}) is not the file the job was submitted with ({expected}); install the same file on every silo, or submit again.");
        }

        return actual;
    }

    private string Device() => preferGpu && torch.cuda.is_available() ? "cuda" : "cpu";
}
