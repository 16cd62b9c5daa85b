using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One film (key: job id): probe, shots, segment plan, the per-segment state machine, retries and blocklisting, then
/// stitching. Its state is persisted after every change, so a new activation anywhere continues where it stopped.
/// </summary>
public interface IFilmJobGrain : IGrainWithStringKey
{
    /// <summary>Starts (or continues) the job; returns at once — the work runs in bounded steps on a timer.</summary>
    Task StartAsync(JobSpec spec, DateTimeOffset submittedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes sure a running job is being driven on its current activation (after a silo failure, a new activation
    /// resumes it). Does nothing to a job that is not running — unlike <see cref="StartAsync"/>, it never restarts a
    /// finished one.
    /// </summary>
    Task KeepRunningAsync(CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task<JobStatus?> GetStatusAsync(CancellationToken cancellationToken = default);

    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The job's latest rendered frame as the renders stored it (side-by-side JPEG, each eye at most 960 wide); null
    /// for an unknown job or one with no rendered segment yet.
    /// </summary>
    [AlwaysInterleave]
    Task<byte[]?> GetPreviewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The job's stereo QC report (JSON or the self-contained HTML page), read from the media store for callers that
    /// have no store (a web host running as a cluster client); null until <see cref="JobStatus.Quality"/> is done.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> GetQualityReportAsync(QualityReportFormat format, CancellationToken cancellationToken = default);
}
