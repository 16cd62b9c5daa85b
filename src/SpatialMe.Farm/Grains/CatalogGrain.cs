using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Media;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// A catalog: queues each title as a film job on the coordinator (job ids from the input's identity as this silo
/// sees it — a blob's ETag, a file's size and time — so an unchanged title resumes its job and a replaced input
/// starts a new one) and reports the titles' states from the coordinator's listing. A title that cannot be queued
/// (rejected row, refused location, missing input) fails on its own; the others go on.
/// </summary>
public sealed partial class CatalogGrain(
    [PersistentState("catalog", FarmStorage.Name)] IPersistentState<CatalogGrainState> state,
    MediaFiles files,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private string CatalogId => this.GetPrimaryKeyString();

    private ICoordinatorGrain Coordinator => GrainFactory.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);

    public async Task<CatalogStatus> SubmitAsync(string manifest, IReadOnlyList<CatalogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var s = state.State;
        if (s.Titles.Count == 0)
        {
            s.SubmittedAt = DateTimeOffset.UtcNow;
        }

        s.Manifest = manifest;
        var jobs = (await Coordinator.ListJobsAsync(cancellationToken)).ToDictionary(j => j.Id);
        foreach (var entry in entries)
        {
            var title = s.Titles.FirstOrDefault(t => t.Id == entry.Id);
            if (title is null)
            {
                title = new CatalogTitleState { Id = entry.Id };
                s.Titles.Add(title);
            }
            else if (title.JobId is { } existing && jobs.TryGetValue(existing, out var job) && job.State is JobState.Queued or JobState.Running or JobState.Done)
            {
                continue; // under way or finished: submitting the catalog again leaves it alone
            }

            title.Line = entry.Line;
            title.Spec = entry.Spec;
            title.Refusal = entry.Rejection;
            title.JobId = null;
            if (entry.Spec is { } spec && entry.Rejection is null)
            {
                await QueueAsync(title, spec, cancellationToken);
            }
        }

        await state.WriteStateAsync(cancellationToken);
        await Coordinator.NoteCatalogAsync(CatalogId, cancellationToken);
        LogSubmitted(CatalogId, s.Titles.Count(t => t.JobId is not null), s.Titles.Count(t => t.Refusal is not null));
        return await GetStatusAsync(cancellationToken) ?? throw new InvalidOperationException("catalog state lost");
    }

    public async Task<CatalogStatus?> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var s = state.State;
        if (s.Titles.Count == 0)
        {
            return null;
        }

        var jobs = (await Coordinator.ListJobsAsync(cancellationToken)).ToDictionary(j => j.Id);
        return new CatalogStatus
        {
            Id = CatalogId,
            Manifest = s.Manifest,
            SubmittedAt = s.SubmittedAt,
            Titles = s.Titles.Select(t => Status(t, t.JobId is { } id ? jobs.GetValueOrDefault(id) : null)).ToList(),
        };
    }

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        var jobs = (await Coordinator.ListJobsAsync(cancellationToken)).ToDictionary(j => j.Id);
        foreach (var title in state.State.Titles)
        {
            if (title.JobId is { } id && jobs.TryGetValue(id, out var job) && !job.State.IsFinal())
            {
                await Coordinator.CancelAsync(id, cancellationToken);
            }
        }
    }

    private async Task QueueAsync(CatalogTitleState title, JobSpec spec, CancellationToken ct)
    {
        try
        {
            var id = JobIds.For(spec, await files.FingerprintAsync(spec.Input, ct));
            await Coordinator.SubmitAsync(id, spec, ct);
            title.JobId = id;
        }
        catch (Exception e) when (e is ArgumentException or MediaException or IOException)
        {
            // The coordinator refuses what its settings do not allow; the input may be missing. Only this title fails.
            title.Refusal = e.Message;
            LogRefused(CatalogId, title.Id, e.Message);
        }
    }

    private static CatalogTitleStatus Status(CatalogTitleState title, JobStatus? job) => new()
    {
        Id = title.Id,
        Line = title.Line,
        JobId = title.JobId,
        State = title.Refusal is not null ? JobState.Failed : job?.State ?? JobState.Queued,
        Progress = job?.State == JobState.Done ? 1 : job?.Progress ?? 0,
        FramesDone = job?.FramesDone ?? 0,
        FramesTotal = job?.FramesTotal ?? 0,
        Input = title.Spec is { } spec ? MediaFiles.Display(spec.Input) : null,
        Output = title.Spec is { } o ? MediaFiles.Display(o.Output) : null,
        Error = title.Refusal ?? job?.Error,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog {CatalogId}: {Queued} titles queued, {Refused} refused")]
    private partial void LogSubmitted(string catalogId, int queued, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog {CatalogId}: title {Title} refused: {Reason}")]
    private partial void LogRefused(string catalogId, string title, string reason);
}
