using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Telemetry;
using SpatialMe.Farm.Work;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// What every GPU worker grain shares: one unit of <see cref="BackgroundWork"/>, polled and cancelled through
/// <see cref="IWorkerGrain"/>, cancelled too when the activation goes away. Subclasses start the work.
/// </summary>
public abstract partial class WorkerGrain(ILocalSiloDetails silo, ILogger logger) : Grain, IWorkerGrain
{
    protected BackgroundWork Work { get; } = new();

    /// <summary>The model or method the work uses, reported with its progress (null: none to name).</summary>
    protected virtual string? Model => null;

    /// <summary>This silo, as the farm names silos in reports, spans and metrics.</summary>
    protected string SiloName => silo.SiloAddress.ToParsableString();

    public Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Work.Progress(SiloName, Model));

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        Work.Cancel();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Work.Progress(SiloName).State == WorkState.Running)
        {
            LogStoppedRunning(logger, this.GetPrimaryKeyString(), reason.ToString());
        }

        Work.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Runs one unit of <paramref name="work"/> in its <paramref name="phase"/> (depth or render) under a GPU slot, as
    /// a span under the job's trace with its stages as child spans, counting its frames and timing it
    /// (docs/telemetry.md). <paramref name="compute"/> gets the stage timings to fill and the counting progress.
    /// </summary>
    protected async Task<bool> ComputeAsync(
        string phase, SegmentWork work, GpuSlots slots, Action<int> progress, CancellationToken ct, Func<StageTimings, Action<int>, Task<bool>> compute)
    {
        using var span = FarmTelemetry.StartChild(phase == "depth" ? FarmTelemetry.DepthSpan : FarmTelemetry.RenderSpan, work.TraceParent, work.JobId);
        span?.SetTag(FarmTelemetry.SegmentAttribute, work.Index);
        span?.SetTag(FarmTelemetry.ShotAttribute, work.Shot);
        span?.SetTag(FarmTelemetry.FirstFrameAttribute, work.Start);
        span?.SetTag(FarmTelemetry.FramesAttribute, work.FrameCount);
        span?.SetTag(FarmTelemetry.SiloAttribute, SiloName);
        using var slot = await slots.AcquireAsync(ct);
        span?.AddEvent(new ActivityEvent("gpu slot acquired"));
        LogRunning(logger, work.JobId, work.Index, phase, work.FrameCount);
        Work.RestartClock();
        var timings = new StageTimings();
        var clock = Stopwatch.StartNew();
        var reused = false;
        var succeeded = false;
        try
        {
            reused = await compute(timings, FarmMetrics.Counting(progress, SiloName, phase));
            span?.SetTag(FarmTelemetry.ReusedAttribute, reused);
            succeeded = true;
            return reused;
        }
        catch (Exception e)
        {
            FarmTelemetry.Fail(span, BackgroundWork.Describe(e));
            throw;
        }
        finally
        {
            if (!reused)
            {
                FarmMetrics.SegmentFinished(phase, SiloName, succeeded, clock.Elapsed);
            }

            FarmTelemetry.AddStageSpans(span, timings);
        }
    }

    // Information: an operator reading a silo's log sees which segments it computed (and which a stop handed back).
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} segment {Segment}: {Phase} running on this silo ({Frames} frames)")]
    private static partial void LogRunning(ILogger logger, string jobId, int segment, string phase, int frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {Work} stopped before it finished: its activation ends ({Reason})")]
    private static partial void LogStoppedRunning(ILogger logger, string work, string reason);
}
