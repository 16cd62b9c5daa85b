namespace SpatialMe.Farm.Placement;

/// <summary>
/// Carries a job's blocklisted silos to placement: the caller sets them in the request context of the call that
/// activates a worker, and <see cref="GpuPlacementFilterDirector"/> leaves those silos out.
/// </summary>
public static class PlacementBlocklist
{
    public const string RequestContextKey = "spatialme.blocked-silos";

    public static void Set(IReadOnlyCollection<string> silos)
    {
        if (silos.Count == 0)
        {
            RequestContext.Remove(RequestContextKey);
        }
        else
        {
            RequestContext.Set(RequestContextKey, string.Join(';', silos));
        }
    }

    public static IReadOnlySet<string> From(Dictionary<string, object>? requestContextData) =>
        requestContextData is not null && requestContextData.TryGetValue(RequestContextKey, out var value) && value is string text
            ? text.Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
}
