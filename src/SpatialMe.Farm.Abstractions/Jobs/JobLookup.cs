using SpatialMe.Farm.Grains;

namespace SpatialMe.Farm.Jobs;

/// <summary>Finding a job's status from outside the cluster, as the REST API and <c>spatialme status</c> both do.</summary>
public static class JobLookup
{
    /// <summary>The job's live status, or null when the cluster knows no such job. A job still waiting in the
    /// coordinator's queue has no film-job activity yet, so its queued entry answers for it.</summary>
    public static async Task<JobStatus?> GetJobStatusAsync(this IGrainFactory grains, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return await grains.GetGrain<IFilmJobGrain>(id).GetStatusAsync(cancellationToken)
            ?? (await grains.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key).ListJobsAsync(cancellationToken)).FirstOrDefault(j => j.Id == id);
    }
}
