using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// The cluster's job queue. A timer tick (while any job is queued or running) refreshes the running jobs' status and
/// admits queued jobs — highest effective priority first (priority plus one per <see cref="FarmOptions.PriorityAging"/>
/// waited, so nothing starves), then oldest — while the running jobs are fewer than the GPU slots of the usable silos
/// (and <see cref="FarmOptions.MaxRunningJobs"/>, if set). With no usable silo, jobs wait queued (a GPU pool scaled to
/// zero fills up again when work is queued). A reminder wakes it after a silo failure: its next tick calls every
/// running job, which reactivates and resumes it wherever it is placed.
/// </summary>
public sealed partial class CoordinatorGrain(
    [PersistentState("coordinator", FarmStorage.Name)] IPersistentState<CoordinatorGrainState> state,
    IOptions<FarmOptions> options,
    ClusterCapacity capacity,
    MediaFiles files,
    ILogger<CoordinatorGrain> logger) : Grain, ICoordinatorGrain, IRemindable
{
    private const string ReminderName = "resume-jobs";
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Jobs.Values.Any(Followed))
        {
            await EnsureRunningAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<JobStatus> SubmitAsync(string jobId, JobSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        JobSpecs.Validate(spec);
        CheckLocations(spec);
        var jobs = state.State.Jobs;
        if (!jobs.TryGetValue(jobId, out var entry) || entry.State.IsFinal())
        {
            entry = new QueueEntry { Spec = spec, State = JobState.Queued, SubmittedAt = DateTimeOffset.UtcNow };
            jobs[jobId] = entry;
            LogQueued(jobId, spec.Priority);
            PublishState(jobId, entry);
        }
        else
        {
            entry.Spec = spec with { Priority = spec.Priority }; // a queued or running job keeps going; settings are the same by id
        }

        await AdmitAsync(cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        await EnsureRunningAsync();
        return entry.State == JobState.Running && await GrainFactory.GetGrain<IFilmJobGrain>(jobId).GetStatusAsync(cancellationToken) is { } live
            ? live
            : Placeholder(jobId, entry);
    }

    public Task<IReadOnlyList<JobStatus>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobStatus>>(state.State.Jobs
            .OrderByDescending(kv => kv.Value.SubmittedAt)
            .Select(kv => kv.Value.LastStatus is { } last ? last with { State = kv.Value.State } : Placeholder(kv.Key, kv.Value))
            .ToList());

    public async Task<JobStatus> SetPriorityAsync(string jobId, int priority, CancellationToken cancellationToken = default)
    {
        if (!state.State.Jobs.TryGetValue(jobId, out var entry))
        {
            throw new KeyNotFoundException($"No job '{jobId}' in this cluster.");
        }

        if (entry.State != JobState.Queued)
        {
            throw new InvalidOperationException($"Job '{jobId}' is {entry.State.ToString().ToLowerInvariant()}, not queued; priority only orders the queue.");
        }

        entry.Spec = entry.Spec! with { Priority = priority };
        LogPriority(jobId, priority);
        await AdmitAsync(cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        await EnsureRunningAsync();
        return Placeholder(jobId, entry);
    }

    public async Task NoteCatalogAsync(string catalogId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(catalogId);
        if (!state.State.Catalogs.Contains(catalogId))
        {
            state.State.Catalogs.Add(catalogId);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<string>> ListCatalogsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(state.State.Catalogs)]);

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!state.State.Jobs.TryGetValue(jobId, out var entry))
        {
            throw new KeyNotFoundException($"No job '{jobId}' in this cluster.");
        }

        var wasQueued = entry.State == JobState.Queued;
        if (entry.State == JobState.Running)
        {
            var job = GrainFactory.GetGrain<IFilmJobGrain>(jobId);
            await job.CancelAsync(cancellationToken);
            entry.LastStatus = await job.GetStatusAsync(cancellationToken) is { } status ? status with { Segments = [] } : entry.LastStatus;
        }

        if (!entry.State.IsFinal())
        {
            entry.State = JobState.Cancelled;
            await state.WriteStateAsync(cancellationToken);
            LogCancelled(jobId);
            if (wasQueued)
            {
                PublishState(jobId, entry); // a running job's film grain says so itself
            }
            ReportQueue();
        }
    }

    public async Task<JobStatus> RetryAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!state.State.Jobs.TryGetValue(jobId, out var entry))
        {
            throw new KeyNotFoundException($"No job '{jobId}' in this cluster.");
        }

        // The job's own state counts: the queue learns of an end on its next tick.
        var live = entry.State == JobState.Queued ? null : await GrainFactory.GetGrain<IFilmJobGrain>(jobId).GetStatusAsync(cancellationToken);
        var current = live?.State ?? entry.State;
        if (current != JobState.Failed)
        {
            var name = current.ToString().ToLowerInvariant();
            throw new InvalidOperationException(current == JobState.Cancelled
                ? $"Job '{jobId}' was cancelled, not failed: nothing to retry (submit it again to resume it)."
                : $"Job '{jobId}' is {name}: nothing to retry (only a failed job has failed segments or a failed stitch).");
        }

        // Back through the queue, so the retry waits for a GPU slot like any job; admission resumes it (StartAsync).
        entry.State = JobState.Queued;
        entry.LastStatus = live is null ? entry.LastStatus : live with { Segments = [] };
        LogRetried(jobId, live?.Segments.Count(s => s.Stage == Segments.SegmentStage.Failed) ?? 0);
        PublishState(jobId, entry);
        await AdmitAsync(cancellationToken);
        await state.WriteStateAsync(cancellationToken);
        await EnsureRunningAsync();
        return entry.State == JobState.Running && await GrainFactory.GetGrain<IFilmJobGrain>(jobId).GetStatusAsync(cancellationToken) is { } now
            ? now
            : Placeholder(jobId, entry);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Jobs.Values.Any(Followed))
        {
            await EnsureRunningAsync();
        }
        else
        {
            await StopAsync();
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var changed = false;
        foreach (var (id, entry) in state.State.Jobs.Where(kv => kv.Value.State == JobState.Running || QualityPending(kv.Value)).ToList())
        {
            var job = GrainFactory.GetGrain<IFilmJobGrain>(id);
            var status = await job.GetStatusAsync(ct);
            if (entry.State == JobState.Done)
            {
                // Done, its stereo QC still being made: the list shows the report's verdict once there is one.
                if (status is null)
                {
                    entry.LastStatus = entry.LastStatus! with { Quality = null }; // the job's state is gone: stop following it
                    changed = true;
                }
                else if (status.Quality is not { State: QualityState.Pending })
                {
                    entry.LastStatus = status with { Segments = [] };
                    changed = true;
                }

                continue;
            }

            if (status is null || status.State == JobState.Queued)
            {
                await job.StartAsync(entry.Spec!, entry.SubmittedAt, ct); // lost its start: give it again
                continue;
            }

            entry.LastStatus = status with { Segments = [] };
            if (status.State != JobState.Running)
            {
                entry.State = status.State;
                changed = true;
            }
            else
            {
                // Not StartAsync: the job may finish between the status above and this call, and starting a finished
                // job runs it again from scratch.
                await job.KeepRunningAsync(ct);
            }
        }

        changed |= await AdmitAsync(ct);
        if (changed)
        {
            await state.WriteStateAsync(ct);
        }

        if (!state.State.Jobs.Values.Any(Followed))
        {
            await StopAsync();
        }
    }

    /// <summary>
    /// Whether the coordinator's tick follows a job: while it is not final, and once done until its stereo QC report is
    /// made (the job's own state no longer changes then, but the QC verdict the list shows does).
    /// </summary>
    private static bool Followed(QueueEntry entry) => !entry.State.IsFinal() || QualityPending(entry);

    /// <summary>Whether a job is done and its stereo QC report is still being made.</summary>
    private static bool QualityPending(QueueEntry entry) =>
        entry.State == JobState.Done && entry.LastStatus?.Quality?.State == QualityState.Pending;

    private async Task<bool> AdmitAsync(CancellationToken ct)
    {
        var jobs = state.State.Jobs;
        var changed = false;
        var limit = capacity.GpuSlots();
        if (options.Value.MaxRunningJobs > 0)
        {
            limit = Math.Min(limit, options.Value.MaxRunningJobs);
        }

        var now = DateTimeOffset.UtcNow;
        while (jobs.Values.Count(j => j.State == JobState.Running) < limit)
        {
            var next = jobs.Where(kv => kv.Value.State == JobState.Queued)
                .OrderByDescending(kv => EffectivePriority(kv.Value, now))
                .ThenBy(kv => kv.Value.SubmittedAt)
                .Select(kv => (KeyValuePair<string, QueueEntry>?)kv)
                .FirstOrDefault();
            if (next is not { } admitted)
            {
                break;
            }

            await GrainFactory.GetGrain<IFilmJobGrain>(admitted.Key).StartAsync(admitted.Value.Spec!, admitted.Value.SubmittedAt, ct);
            admitted.Value.State = JobState.Running;
            LogAdmitted(admitted.Key);
            changed = true;
        }

        ReportQueue();
        return changed;
    }

    /// <summary>
    /// Inputs and outputs only where this cluster's settings allow (whatever the client checked): under the allowed
    /// roots, of the allowed schemes, or blobs of the cluster's own blob account (configured by the operator).
    /// </summary>
    private void CheckLocations(JobSpec spec) => options.Value.Locations().Require(spec, files.InAccount);

    /// <summary>The queue depth gauge (<c>spatialme.queue.depth</c>): queued jobs by their priority.</summary>
    private void ReportQueue() =>
        Telemetry.FarmMetrics.QueueChanged(state.State.Jobs.Values.Select(j => (j.Spec!.Priority, j.State == JobState.Queued)));

    /// <summary>Priority plus one for every <see cref="FarmOptions.PriorityAging"/> spent waiting.</summary>
    internal double EffectivePriority(QueueEntry entry, DateTimeOffset now) =>
        entry.Spec!.Priority + Math.Floor((now - entry.SubmittedAt) / options.Value.PriorityAging);

    private async Task EnsureRunningAsync()
    {
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = TimeSpan.FromSeconds(1),
            Interleave = false,
            KeepAlive = true,
        });
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>A queue change (queued, or cancelled while queued) for the live stream; the job publishes the rest.</summary>
    private void PublishState(string jobId, QueueEntry entry) =>
        _ = GrainFactory.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key).PublishAsync(new Events.FarmEvent
        {
            Type = Events.FarmEventTypes.JobState,
            Job = jobId,
            State = entry.State.ToApiName(),
            Stage = JobStage.Waiting.ToApiName(),
            Progress = 0,
        });

    private static JobStatus Placeholder(string id, QueueEntry entry) => new()
    {
        Id = id,
        Spec = entry.Spec!,
        State = entry.State,
        SubmittedAt = entry.SubmittedAt,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} queued (priority {Priority})")]
    private partial void LogQueued(string jobId, int priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} admitted")]
    private partial void LogAdmitted(string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} priority set to {Priority}")]
    private partial void LogPriority(string jobId, int priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} retried ({FailedSegments} failed segments)")]
    private partial void LogRetried(string jobId, int failedSegments);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled")]
    private partial void LogCancelled(string jobId);
}
