using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// Job ids derived from what the job computes: the input's identity (a local file's full path, size and modification
/// time; a blob's URI, ETag and length), the output and every setting. Running the same conversion again therefore
/// finds the same job — and its committed segments, whose store keys hang off the id — while changing the input's
/// content or any setting starts a different job. This is what makes intermediate keys content-addressed.
/// </summary>
public static class JobIds
{
    /// <summary>The id of a job on a local input (the embedded profile; clients that see the silos' files).</summary>
    public static string For(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return For(spec, LocalFingerprint(spec.Input));
    }

    /// <summary>The id of a job whose input has <paramref name="inputFingerprint"/> (see <see cref="Storage.MediaFiles"/>).</summary>
    public static string For(JobSpec spec, string inputFingerprint)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // Priority and overwrite change how the job is run, not what it computes.
        var settings = JsonSerializer.Serialize(spec with { Input = inputFingerprint, Priority = 0, Overwrite = false, KeepIntermediates = false });
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(settings));
        var name = Path.GetFileNameWithoutExtension(StripQuery(spec.Input));
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-').Take(24).ToArray()).Trim('-');
        return $"{(slug.Length > 0 ? slug : "job")}-{Convert.ToHexStringLower(hash)[..12]}";
    }

    /// <summary>A local file's identity: full path, size, modification time (the location itself when it is missing).</summary>
    public static string LocalFingerprint(string path)
    {
        if (!File.Exists(path))
        {
            return path;
        }

        var info = new FileInfo(path);
        return string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
    }

    private static string StripQuery(string location) => location.Split('?', 2)[0];
}
