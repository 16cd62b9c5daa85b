using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// Content fingerprints of model files (<c>sha256:</c> and the hex digest). The content, not size and modification
/// time, because every silo of a cluster has its own copy of a model: copies made at different times must agree, and
/// a retrained file of the same size must not. Hashing a 1.3 GB checkpoint takes seconds, so each process remembers
/// the digest of a file as long as its size and modification time do not change.
/// </summary>
public static class ModelFingerprints
{
    private static readonly ConcurrentDictionary<(string Path, long Length, long Ticks), string> Known = new();

    /// <summary>The fingerprint of <paramref name="path"/>; throws <see cref="FileNotFoundException"/> naming a missing file.</summary>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"the model file '{path}' does not exist.", path);
        }

        return Known.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc.Ticks), key =>
        {
            using var stream = File.OpenRead(key.Path);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
