namespace SpatialMe.Farm.Catalogs;

/// <summary>
/// Where a job's inputs and outputs may be: full local paths under the configured roots (<c>..</c> is resolved
/// before the check, so it cannot escape a root) — any full local path where no root is configured — and URIs of the
/// configured schemes. Everything else is refused with a reason, before any work is queued: by <c>catalog submit</c>
/// on the client, and again by the coordinator, whose settings are the ones that count.
/// </summary>
public sealed class MediaLocations
{
    public MediaLocations(IEnumerable<string> roots, IEnumerable<string>? schemes = null)
    {
        Roots = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();
        Schemes = (schemes ?? []).Select(s => s.ToLowerInvariant()).ToHashSet();
    }

    public IReadOnlyList<string> Roots { get; }

    public IReadOnlySet<string> Schemes { get; }

    /// <summary>
    /// Why a URI with a query is refused: the farm reads and writes blobs with its own account credentials, and a
    /// query is where a SAS token would sit — a secret that would then be stored in job state and shown in status.
    /// </summary>
    public const string QueryReason = "carries a query string (a SAS token?); give the plain URI — the farm uses its own storage credentials";

    public static bool HasQuery(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Query.Length > 0;

    /// <summary>Null where <paramref name="location"/> is allowed, else why not.</summary>
    /// <param name="trusted">URIs allowed whatever their scheme (the cluster's own blob account); a query is refused even there.</param>
    public string? Check(string location, Func<string, bool>? trusted = null)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return "is empty";
        }

        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme.Length > 1)
        {
            if (HasQuery(location))
            {
                return QueryReason;
            }

            if (trusted?.Invoke(location) == true)
            {
                return null;
            }

            return Schemes.Contains(uri.Scheme.ToLowerInvariant())
                ? null
                : $"uses the scheme '{uri.Scheme}', which is not allowed (allowed: {(Schemes.Count == 0 ? "none" : string.Join(", ", Schemes))})";
        }

        if (!Path.IsPathFullyQualified(location))
        {
            return "is a relative path; give a full path";
        }

        var full = Path.GetFullPath(location);
        return Roots.Count == 0 || Roots.Any(root => full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            ? null
            : $"is outside the allowed folders ({string.Join(", ", Roots)})";
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the job's input, output or model file (without any URI query) and
    /// why, where one is not allowed. Model files are read from the silos' own disks, so they must be local full paths
    /// under the same roots as media; the refiner shipped with the silos' build is always allowed.
    /// </summary>
    public void Require(Jobs.JobSpec spec, Func<string, bool>? trusted = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var (name, location) in new[] { ("input", spec.Input), ("output", spec.Output) })
        {
            if (Check(location, trusted) is { } why)
            {
                throw new ArgumentException($"{name} '{Storage.MediaFiles.Display(location)}' {why}.");
            }
        }

        var models = spec.Models;
        foreach (var (name, location) in new[] { ("refiner", models?.Refiner), ("depth model", models?.DepthModel) })
        {
            if (location is null || (name == "refiner" && location == Jobs.JobModels.ShippedRefiner))
            {
                continue;
            }

            var why = Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile
                ? "is a URI; model files must be local paths on the silos"
                : Check(location);
            if (why is not null)
            {
                throw new ArgumentException($"{name} '{Storage.MediaFiles.Display(location)}' {why}.");
            }
        }
    }
}
