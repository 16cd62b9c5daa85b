using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One per cluster (key <see cref="Key"/>): the job queue. Admits queued jobs by priority, then submission time, up
/// to the cluster's job limit; keeps the latest status of every job for listings.
/// </summary>
public interface ICoordinatorGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// Queues a job under <paramref name="jobId"/> (ids are derived from input and settings, so submitting the same
    /// conversion again finds the existing job: a running one continues, a failed or cancelled one resumes and keeps
    /// its committed segments, a done one starts over).
    /// </summary>
    Task<JobStatus> SubmitAsync(string jobId, JobSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Every job the cluster knows, newest first, as of the coordinator's last look (about a second old).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<JobStatus>> ListJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the priority of a job waiting in the queue (admission order: highest effective priority first). Throws
    /// <see cref="KeyNotFoundException"/> for an unknown job and <see cref="InvalidOperationException"/> for one that
    /// is no longer queued (priority only orders the queue).
    /// </summary>
    Task<JobStatus> SetPriorityAsync(string jobId, int priority, CancellationToken cancellationToken = default);

    /// <summary>Cancels a queued or running job; committed segments are kept for a later resubmission.</summary>
    Task CancelAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a failed job again through the queue: its failed segments (and its stitch, or its planning, if that is
    /// what failed) get a fresh set of attempts; every committed segment is kept. Throws
    /// <see cref="KeyNotFoundException"/> for an unknown job and <see cref="InvalidOperationException"/> for a job
    /// with nothing to retry (a failed segment fails its job at once in this farm, so only failed jobs have any).
    /// </summary>
    Task<JobStatus> RetryAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Records that a catalog was submitted under <paramref name="catalogId"/> (the catalog grain calls it).</summary>
    Task NoteCatalogAsync(string catalogId, CancellationToken cancellationToken = default);

    /// <summary>Every catalog id submitted to the cluster, newest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> ListCatalogsAsync(CancellationToken cancellationToken = default);
}
