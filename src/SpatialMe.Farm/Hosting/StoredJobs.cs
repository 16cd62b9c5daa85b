using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Hosting;

/// <summary>One job as the embedded store records it, for <c>spatialme status</c>.</summary>
public sealed record StoredJob(
    string Id,
    string State,
    string Stage,
    string Input,
    string Output,
    int SegmentsDone,
    int Segments,
    int Shots,
    int Frames,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    string? Error);

/// <summary>
/// Reads the jobs of an embedded farm's store straight from its grain-state files, so status works whether or not a
/// farm process is running. A job recorded as running while no process holds the store is reported as
/// <c>interrupted</c>: the same convert command resumes it.
/// </summary>
public static class StoredJobs
{
    public static IReadOnlyList<StoredJob> Read(string store)
    {
        var folder = EmbeddedFarm.GrainStateFolder(store);
        var queue = FileGrainStorage.TryRead<CoordinatorGrainState>(folder, "coordinator", "coordinator/0");
        if (queue is null)
        {
            return [];
        }

        var live = EmbeddedFarm.IsInUse(store);
        var jobs = new List<StoredJob>();
        foreach (var (id, entry) in queue.Jobs)
        {
            var job = FileGrainStorage.TryRead<FilmJobGrainState>(folder, "job", "filmjob/" + id);
            var state = job?.State ?? entry.State;
            var stateName = state.ToApiName();
            if (!live && state is JobState.Running or JobState.Queued)
            {
                stateName = "interrupted";
            }

            jobs.Add(new StoredJob(
                id,
                stateName,
                (job?.Stage ?? JobStage.Waiting).ToApiName(),
                entry.Spec?.Input ?? "",
                entry.Spec?.Output ?? "",
                job?.Segments.Count(s => s.Stage == SegmentStage.Done) ?? 0,
                job?.Segments.Count ?? 0,
                job?.Plan?.Shots.Count ?? 0,
                job?.Plan is { } plan ? plan.EndFrame - plan.StartFrame : 0,
                entry.SubmittedAt,
                job?.FinishedAt,
                job?.Error));
        }

        return jobs.OrderByDescending(j => j.SubmittedAt).ToList();
    }
}
