using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// Job ids derived from what the job computes: the input file (full path, size, modification time), the output and
/// every setting. Running the same conversion again therefore finds the same job — and its committed segments —
/// while changing the input or any setting starts a different job.
/// </summary>
public static class JobIds
{
    public static string For(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = spec.Input;
        var fingerprint = input;
        if (File.Exists(input))
        {
            var info = new FileInfo(input);
            fingerprint = string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
        }

        // Priority and overwrite change how the job is run, not what it computes.
        var settings = JsonSerializer.Serialize(spec with { Input = fingerprint, Priority = 0, Overwrite = false, KeepIntermediates = false });
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(settings));
        var name = Path.GetFileNameWithoutExtension(input);
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-').Take(24).ToArray()).Trim('-');
        return $"{(slug.Length > 0 ? slug : "job")}-{Convert.ToHexStringLower(hash)[..12]}";
    }
}
