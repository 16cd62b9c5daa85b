using SpatialMe.Farm.Catalogs;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// A studio's catalog (key: the catalog id): the titles of one manifest, each queued on the coordinator as a film job,
/// and their combined status. Submitting the same catalog id again adds new titles and resumes failed or cancelled
/// ones; titles done or still running are left as they are.
/// </summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues every valid entry (a title whose input or output the farm refuses, or whose input is missing, fails
    /// with the reason) and records the rejected rows as failed titles.
    /// </summary>
    Task<CatalogStatus> SubmitAsync(string manifest, IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The catalog's titles now; null where no catalog was submitted under this id.</summary>
    [AlwaysInterleave]
    Task<CatalogStatus?> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Cancels every title still queued or running (committed segments are kept).</summary>
    Task CancelAsync(CancellationToken cancellationToken = default);
}
