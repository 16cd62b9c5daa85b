namespace SpatialMe.Farm.Catalogs;

/// <summary>
/// Where a catalog's inputs and outputs may be: local paths under configured roots (no <c>..</c> escapes, no
/// symlink-free assumption beyond the full path), and URIs of configured schemes. Everything else is refused with
/// a reason, before any work is queued.
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
        return Roots.Any(root => full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            ? null
            : $"is outside the allowed folders ({string.Join(", ", Roots)})";
    }
}
