using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Placement;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// Drives one segment's attempts: starts the ordered phase on a worker (placed on a GPU silo, away from the job's
/// blocklisted silos), polls it on a timer, and records the outcome — committed, failed (the work threw), lost (its
/// silo went away) or unplaceable (no silo may take it). Retry decisions belong to the film job, which reads the
/// outcome; calls only go downwards (job → segment → worker), so no call cycle can deadlock.
/// </summary>
public sealed partial class SegmentGrain(
    [PersistentState("segment", FarmStorage.Name)] IPersistentState<SegmentGrainState> state,
    IMediaStore store,
    IOptions<FarmOptions> options,
    ILogger<SegmentGrain> logger) : Grain, ISegmentGrain
{
    private IGrainTimer? _timer;
    private int _framesDone;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Outcome == AttemptOutcome.Running)
        {
            EnsureTimer(); // an attempt was running when the last activation ended: find out what became of it
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<SegmentReport> RunAsync(WorkOrder order, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        s.Work = order.Work;
        if (await IsCommittedAsync(order.Phase, order.Work, cancellationToken))
        {
            if (s.Phase != order.Phase || s.Outcome != AttemptOutcome.Succeeded)
            {
                s.Phase = order.Phase;
                s.Outcome = AttemptOutcome.Succeeded;
                await state.WriteStateAsync(cancellationToken);
            }

            return Report();
        }

        if (s.Phase == order.Phase && s.Attempt == order.Attempt && s.Outcome is AttemptOutcome.Running or AttemptOutcome.Succeeded)
        {
            return Report(); // this attempt is already under way
        }

        s.Phase = order.Phase;
        s.Attempt = order.Attempt;
        s.Outcome = AttemptOutcome.Running;
        s.Silo = null;
        s.Error = null;
        _framesDone = 0;
        if (order.Phase == WorkPhase.Depth)
        {
            s.DepthRuns++;
        }
        else
        {
            s.RenderRuns++;
        }

        await state.WriteStateAsync(cancellationToken);
        try
        {
            PlacementBlocklist.Set(order.BlockedSilos);
            await (order.Phase == WorkPhase.Depth
                ? GrainFactory.GetGrain<IDepthWorkerGrain>(WorkerKey(order)).StartAsync(order.Work, cancellationToken)
                : GrainFactory.GetGrain<IRenderWorkerGrain>(WorkerKey(order)).StartAsync(order.Work, cancellationToken));
            LogStarted(order.Work.JobId, order.Work.Index, order.Phase, order.Attempt);
        }
        catch (OrleansException e) when (e.Message.Contains("No active nodes are compatible", StringComparison.Ordinal))
        {
            var blocked = order.BlockedSilos.Count > 0 ? $" (blocklisted for this job: {string.Join(", ", order.BlockedSilos)})" : string.Empty;
            await EndAttemptAsync(AttemptOutcome.Unplaceable, null,
                $"no silo can run {order.Phase.ToString().ToLowerInvariant()} work: the cluster has no usable GPU silo{blocked}"
                + (options.Value.AllowCpuFallback ? string.Empty : " and CPU fallback is off"));
            return Report();
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            await EndAttemptAsync(AttemptOutcome.Lost, null, $"the worker could not be started: {e.Message}");
            return Report();
        }
        finally
        {
            PlacementBlocklist.Set([]);
        }

        EnsureTimer();
        return Report();
    }

    public Task<SegmentReport> GetReportAsync(CancellationToken cancellationToken = default) => Task.FromResult(Report());

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.Outcome == AttemptOutcome.Running && state.State.Work is not null)
        {
            try
            {
                await Worker().CancelAsync(cancellationToken);
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
            {
                // The worker's silo is gone, and the work with it.
            }

            await EndAttemptAsync(AttemptOutcome.None, state.State.Silo, "cancelled");
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var s = state.State;
        if (s.Outcome != AttemptOutcome.Running || s.Work is null)
        {
            StopTimer();
            return;
        }

        WorkProgress progress;
        try
        {
            progress = await Worker().PollAsync(ct);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            await EndAttemptAsync(AttemptOutcome.Lost, s.Silo, $"lost contact with the worker: {e.Message}");
            return;
        }

        // An Idle answer comes from a fresh activation, wherever placement just put it: its silo is not the one that
        // ran the work (recording it would blame a healthy silo for the loss).
        if (progress.State != WorkState.Idle && progress.Silo is not null && s.Silo != progress.Silo)
        {
            s.Silo = progress.Silo;
            await state.WriteStateAsync(ct);
        }

        _framesDone = progress.FramesDone;
        switch (progress.State)
        {
            case WorkState.Succeeded:
                if (s.Phase == WorkPhase.Depth)
                {
                    s.DepthCommitted = true;
                    s.DepthTime += progress.Elapsed;
                    s.Model = progress.Model;
                }
                else
                {
                    s.ViewsCommitted = true;
                    s.RenderTime += progress.Elapsed;
                }

                await EndAttemptAsync(AttemptOutcome.Succeeded, progress.Silo, null);
                break;
            case WorkState.Failed:
                LogFailed(s.Work.JobId, s.Work.Index, s.Phase, progress.Silo, progress.Error);
                await EndAttemptAsync(AttemptOutcome.Failed, progress.Silo, progress.Error);
                break;
            case WorkState.HandedBack:
                await EndAttemptAsync(AttemptOutcome.Lost, progress.Silo, $"handed back: its silo ({progress.Silo ?? s.Silo ?? "unknown"}) is shutting down");
                break;
            case WorkState.Idle:
                // A fresh activation answered: the one that held the work is gone (its silo died or restarted).
                await EndAttemptAsync(AttemptOutcome.Lost, s.Silo, $"the silo running it ({s.Silo ?? "unknown"}) went away");
                break;
        }
    }

    private async Task EndAttemptAsync(AttemptOutcome outcome, string? silo, string? error)
    {
        state.State.Outcome = outcome;
        state.State.Silo = silo ?? state.State.Silo;
        state.State.Error = error;
        await state.WriteStateAsync();
        StopTimer();
    }

    private async Task<bool> IsCommittedAsync(WorkPhase phase, SegmentWork work, CancellationToken ct)
    {
        var committed = phase == WorkPhase.Depth ? state.State.DepthCommitted : state.State.ViewsCommitted;
        if (committed)
        {
            return true;
        }

        // Committed by an attempt whose report never arrived (this grain's silo died just after): reuse it.
        var key = phase == WorkPhase.Depth ? work.DepthKey : work.ViewsKey;
        if (await store.ExistsAsync(key, ct) && (phase == WorkPhase.Render || await store.ExistsAsync(work.RangesKey, ct)))
        {
            if (phase == WorkPhase.Depth)
            {
                state.State.DepthCommitted = true;
            }
            else
            {
                state.State.ViewsCommitted = true;
            }

            return true;
        }

        return false;
    }

    private SegmentReport Report()
    {
        var s = state.State;
        return new SegmentReport
        {
            Index = s.Work?.Index ?? -1,
            Phase = s.Phase,
            Attempt = s.Attempt,
            Outcome = s.Outcome,
            Silo = s.Silo,
            Error = s.Error,
            FramesDone = s.Outcome == AttemptOutcome.Succeeded ? s.Work?.FrameCount ?? 0 : _framesDone,
            DepthCommitted = s.DepthCommitted,
            ViewsCommitted = s.ViewsCommitted,
            DepthRuns = s.DepthRuns,
            RenderRuns = s.RenderRuns,
            DepthTime = s.DepthTime,
            RenderTime = s.RenderTime,
            Model = s.Model,
        };
    }

    private IWorkerGrain Worker()
    {
        var order = new WorkOrder { Work = state.State.Work!, Phase = state.State.Phase, Attempt = state.State.Attempt };
        return state.State.Phase == WorkPhase.Depth
            ? GrainFactory.GetGrain<IDepthWorkerGrain>(WorkerKey(order))
            : GrainFactory.GetGrain<IRenderWorkerGrain>(WorkerKey(order));
    }

    private static string WorkerKey(WorkOrder order) =>
        $"{order.Work.JobId}/g{order.Work.Generation}/{order.Work.Index}/{order.Phase.ToString().ToLowerInvariant()}/{order.Attempt}";

    private void EnsureTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.PollInterval,
            Period = options.Value.PollInterval,
            Interleave = false,
            KeepAlive = true,
        });

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} segment {Segment}: {Phase} attempt {Attempt} started")]
    private partial void LogStarted(string jobId, int segment, WorkPhase phase, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} segment {Segment}: {Phase} failed on {Silo}: {Error}")]
    private partial void LogFailed(string jobId, int segment, WorkPhase phase, string? silo, string? error);
}
