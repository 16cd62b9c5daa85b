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

    /// <summary>Null where <paramref name="location"/> is allowed, else why not.</summary>
    public string? Check(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return "is empty";
        }

        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Scheme.Length > 1)
        {
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
}
