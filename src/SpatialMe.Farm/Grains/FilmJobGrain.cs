using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Telemetry;
using SpatialMe.Farm.Work;
using SpatialMe.Farm.Workers;
using SpatialMe.Media.Quality;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// A film job. Each timer tick is one bounded step: poll the segments in flight and settle their outcomes (advance,
/// retry, requeue, blocklist, fail), align shots whose depth is complete, hand out new work up to the in-flight
/// limit, and finally run the stitch. Planning (probe + shot detection) and all frame work run elsewhere — on the
/// thread pool or on worker grains — so no call to this grain ever waits for minutes. Every state change is persisted
/// before the step ends: a new activation (after a crash, on any silo) continues from the last step.
/// </summary>
public sealed partial class FilmJobGrain(
    [PersistentState("job", FarmStorage.Name)] IPersistentState<FilmJobGrainState> state,
    IMediaStore store,
    MediaFiles files,
    IOptions<FarmOptions> options,
    ILogger<FilmJobGrain> logger) : Grain, IFilmJobGrain
{
    /// <summary>Shares of the work for progress and ETA (docs/performance.md: depth ≈ 15 %, render ≈ 80 %, the stitch's
    /// decode + pack + encode ≈ 5 % of a conversion's time).</summary>
    private const double DepthShare = 0.15;
    private const double RenderShare = 0.80;
    private const double StitchShare = 0.05;

    private readonly Dictionary<int, int> _framesInFlight = [];
    private readonly Events.JobEvents _events = new();
    private CancellationTokenSource _stopping = new();
    private IGrainTimer? _timer;
    private Task<FilmPlan>? _planning;
    private DateTimeOffset _planningStarted;
    private bool _stitchSent;
    private bool _qualitySent;
    private int _stitchFrames;
    private (double Progress, DateTimeOffset Time)? _rateStart;
    private Activity? _jobSpan;

    private string JobId => this.GetPrimaryKeyString();

    private FarmOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.State == JobState.Running || QualityPending)
        {
            EnsureTimer();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        EndSpan(deactivated: true);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task StartAsync(JobSpec spec, DateTimeOffset submittedAt, CancellationToken cancellationToken = default)
    {
        JobSpecs.Validate(spec);
        var s = state.State;
        if (s.State == JobState.Running)
        {
            EnsureTimer();
            return;
        }

        if (s.Spec is null || s.State == JobState.Done)
        {
            // A new job, or a finished one run again: start from scratch (a done job's intermediates are gone).
            var generation = s.Spec is null ? 0 : s.Generation + 1;
            state.State = s = new FilmJobGrainState { Generation = generation };
            await store.DeletePrefixAsync(StoreKeys.JobPrefix(JobId), cancellationToken);
        }
        else
        {
            // Failed or cancelled: resume. Committed segments are kept; failed ones get a fresh set of attempts.
            foreach (var track in s.Segments.Where(t => t.Stage == SegmentStage.Failed))
            {
                track.Stage = SegmentStage.Pending; // committed phases come back done at once
            }

            foreach (var track in s.Segments)
            {
                track.SoftFails = 0;
                track.Lost = 0;
            }

            s.BlockedSilos.Clear();
            s.FailuresBySilo.Clear();

            // A failed stitch gets a fresh set of attempts too (new attempt numbers, so the stitcher starts over).
            s.StitchAttemptsBefore = s.StitchAttempt;
            if (s.Stage == JobStage.Stitching)
            {
                s.StitchAttempt++;
            }
        }

        if (_stopping.IsCancellationRequested)
        {
            _stopping = new CancellationTokenSource();
            _planning = null;
        }

        s.Spec = spec;
        s.SubmittedAt = submittedAt;
        s.State = JobState.Running;
        s.Error = null;
        s.FinishedAt = null;
        s.StartedAt ??= DateTimeOffset.UtcNow;

        // Each run is one trace; its context is persisted so every silo's spans of the run join it.
        EndSpan(deactivated: false);
        _jobSpan = FarmTelemetry.StartJob(JobId, MediaFiles.Display(spec.Input), MediaFiles.Display(spec.Output), spec.Format);
        s.TraceParent = FarmTelemetry.TraceParent(_jobSpan);
        await state.WriteStateAsync(cancellationToken);
        Activity.Current = _jobSpan ?? Activity.Current; // this call's log lines carry the job's trace
        LogStarted(JobId, MediaFiles.Display(spec.Input));
        EnsureTimer();
        PublishChanges();
    }

    public Task KeepRunningAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.State == JobState.Running)
        {
            EnsureTimer();
        }

        return Task.CompletedTask;
    }

    public Task<JobStatus?> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Spec is null ? null : Status());

    public async Task<byte[]?> GetPreviewAsync(CancellationToken cancellationToken = default) =>
        state.State.Spec is null ? null : await JobPreview.ReadAsync(store, JobId, cancellationToken);

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        var s = state.State;
        if (s.State.IsFinal() || s.Spec is null)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var track in s.Segments.Where(t => t.Stage is SegmentStage.Depth or SegmentStage.Render))
        {
            await Segment(track).CancelAsync(cancellationToken);
            track.Stage = track.Stage == SegmentStage.Depth ? SegmentStage.Pending : SegmentStage.DepthDone;
        }

        if (s.Stage == JobStage.Stitching)
        {
            await GrainFactory.GetGrain<IStitchGrain>(JobId).CancelAsync(cancellationToken);
        }

        await FinishAsync(JobState.Cancelled, "cancelled");
        PublishChanges();
    }

    public async Task<string?> GetQualityReportAsync(QualityReportFormat format, CancellationToken cancellationToken = default) =>
        state.State.Quality?.State == QualityState.Done
            ? await JobQuality.ReadAsync(store, format == QualityReportFormat.Html ? StoreKeys.QualityHtml(JobId) : StoreKeys.QualityJson(JobId), cancellationToken)
            : null;

    /// <summary>Done, with the output's stereo QC still to finish: the timer keeps polling it.</summary>
    private bool QualityPending => state.State.State == JobState.Done && state.State.Quality?.State == QualityState.Pending;

    private async Task TickAsync(CancellationToken ct)
    {
        var s = state.State;
        if (QualityPending)
        {
            if (await PollQualityAsync(ct))
            {
                await state.WriteStateAsync(ct);
            }

            return;
        }

        if (s.State != JobState.Running || s.Spec is null)
        {
            StopTimer();
            return;
        }

        if (s.Plan is null)
        {
            await PlanAsync();
            return;
        }

        var changed = await PollSegmentsAsync(ct);
        if (s.State != JobState.Running)
        {
            return;
        }

        changed |= await AlignShotsAsync(ct);
        changed |= await DispatchAsync(ct);
        if (s.Segments.All(t => t.Stage == SegmentStage.Done))
        {
            changed |= await StitchAsync(ct);
        }

        if (changed && s.State == JobState.Running)
        {
            await state.WriteStateAsync(ct);
        }
    }

    private async Task PlanAsync()
    {
        var s = state.State;
        var spec = s.Spec!;
        if (_planning is null)
        {
            s.Stage = JobStage.Planning;
            _planningStarted = DateTimeOffset.UtcNow;
            var token = _stopping.Token;
            _planning = Task.Run(
                () => files.WithInputAsync(spec.Input, input => FilmPlanner.PlanAsync(input, spec.StartFrame, spec.EndFrame, JobSpecs.SegmentOptions(spec), token), token),
                token);
            return;
        }

        if (!_planning.IsCompleted)
        {
            return;
        }

        var planning = _planning;
        _planning = null;
        if (planning.IsFaulted)
        {
            await FinishAsync(JobState.Failed, BackgroundWork.Describe(planning.Exception!.GetBaseException()));
            return;
        }

        if (planning.IsCanceled)
        {
            return;
        }

        var plan = planning.Result;
        if (!spec.Overwrite && await files.OutputExistsAsync(spec.Output, _stopping.Token))
        {
            await FinishAsync(JobState.Failed, $"output '{MediaFiles.Display(spec.Output)}' already exists; pass --overwrite to replace it.");
            return;
        }

        s.PlanningTime += DateTimeOffset.UtcNow - _planningStarted;
        s.Plan = new PlanRecord
        {
            Width = plan.Info.Width,
            Height = plan.Info.Height,
            FrameCount = plan.Info.FrameCount,
            StartFrame = plan.StartFrame,
            EndFrame = plan.EndFrame,
            Shots = plan.Shots.Select(x => new ShotRecord { Start = x.Start, End = x.End, Transition = x.Transition.ToString().ToLowerInvariant() }).ToList(),
        };
        s.Segments = plan.Segments.Select(x => new SegmentTrack { Index = x.Index, Shot = x.ShotIndex, Start = x.Start, End = x.End }).ToList();
        s.Stage = JobStage.Rendering;
        await state.WriteStateAsync();
        LogPlanned(JobId, s.Plan.Shots.Count, s.Segments.Count);
    }

    private async Task<bool> PollSegmentsAsync(CancellationToken ct)
    {
        var changed = false;
        foreach (var track in state.State.Segments.Where(t => t.Stage is SegmentStage.Depth or SegmentStage.Render).ToList())
        {
            var phase = track.Stage == SegmentStage.Depth ? WorkPhase.Depth : WorkPhase.Render;
            var report = await Segment(track).GetReportAsync(ct);
            _framesInFlight[track.Index] = report.FramesDone;
            if (report.Phase != phase || report.Attempt != track.Attempt || report.Outcome == AttemptOutcome.None)
            {
                // The order never arrived (this grain stopped between deciding and sending): send it again.
                changed |= await OrderAsync(track, phase, track.Attempt, ct);
                continue;
            }

            track.Silo = report.Silo ?? track.Silo;
            RecordAttempt(track, report);
            track.DepthRuns = report.DepthRuns;
            track.RenderRuns = report.RenderRuns;
            track.DepthTime = report.DepthTime;
            track.RenderTime = report.RenderTime;
            switch (report.Outcome)
            {
                case AttemptOutcome.Succeeded:
                    track.Stage = phase == WorkPhase.Depth ? SegmentStage.DepthDone : SegmentStage.Done;
                    track.LastError = null;
                    state.State.DepthModel ??= report.Model;
                    _framesInFlight.Remove(track.Index);
                    changed = true;
                    break;
                case AttemptOutcome.Failed:
                    await FailedAttemptAsync(track, phase, report, ct);
                    changed = true;
                    break;
                case AttemptOutcome.Lost:
                    track.Lost++;
                    track.LastError = report.Error;
                    LogLost(JobId, track.Index, report.Error);
                    FarmMetrics.SegmentFailed(PhaseName(phase), "lost");
                    if (track.Lost >= Options.MaxLostAttempts)
                    {
                        await FailSegmentAsync(track, $"its work was lost {track.Lost} times (silos keep dying under it); last: {report.Error}");
                        return true;
                    }

                    FarmMetrics.SegmentRetried(PhaseName(phase), "lost");
                    await OrderAsync(track, phase, track.Attempt + 1, ct);
                    changed = true;
                    break;
                case AttemptOutcome.Unplaceable:
                    await FailSegmentAsync(track, report.Error ?? "no silo can run its work");
                    return true;
            }

            if (state.State.State != JobState.Running)
            {
                return true;
            }
        }

        return changed;
    }

    private async Task FailedAttemptAsync(SegmentTrack track, WorkPhase phase, SegmentReport report, CancellationToken ct)
    {
        var s = state.State;
        FarmMetrics.SegmentFailed(PhaseName(phase), "failed");
        track.SoftFails++;
        track.LastError = report.Error;
        if (report.Silo is { } silo)
        {
            s.FailuresBySilo[silo] = s.FailuresBySilo.GetValueOrDefault(silo) + 1;
            if (s.FailuresBySilo[silo] >= Options.BlocklistThreshold && !s.BlockedSilos.Contains(silo))
            {
                s.BlockedSilos.Add(silo);
                LogBlocked(JobId, silo, s.FailuresBySilo[silo]);
            }
        }

        if (track.SoftFails >= Options.MaxSoftFails)
        {
            await FailSegmentAsync(track, $"{phase.ToString().ToLowerInvariant()} failed {track.SoftFails} times; last error (on {report.Silo ?? "unknown silo"}): {report.Error}");
            return;
        }

        FarmMetrics.SegmentRetried(PhaseName(phase), "failed");
        await OrderAsync(track, phase, track.Attempt + 1, ct);
    }

    private static string PhaseName(WorkPhase phase) => phase.ToString().ToLowerInvariant();

    private async Task FailSegmentAsync(SegmentTrack track, string reason)
    {
        track.Stage = SegmentStage.Failed;
        track.LastError = reason;
        foreach (var other in state.State.Segments.Where(t => t.Stage is SegmentStage.Depth or SegmentStage.Render))
        {
            await Segment(other).CancelAsync();
            other.Stage = other.Stage == SegmentStage.Depth ? SegmentStage.Pending : SegmentStage.DepthDone;
        }

        await FinishAsync(JobState.Failed, $"segment {track.Index} (frames {track.Start}-{track.End - 1}): {reason}");
    }

    private async Task<bool> AlignShotsAsync(CancellationToken ct)
    {
        var s = state.State;
        var changed = false;
        foreach (var shot in s.Segments.GroupBy(t => t.Shot))
        {
            if (s.AlignedShots.Contains(shot.Key) || shot.Any(t => t.Stage is SegmentStage.Pending or SegmentStage.Depth or SegmentStage.Failed))
            {
                continue;
            }

            var order = new AlignOrder
            {
                JobId = JobId,
                Shot = shot.Key,
                Segments = shot.OrderBy(t => t.Start).Select(Work).ToList(),
                AlignKey = StoreKeys.Align(JobId, shot.Key),
            };
            await GrainFactory.GetGrain<IStitchGrain>(JobId).AlignShotAsync(order, ct);
            s.AlignedShots.Add(shot.Key);
            changed = true;
        }

        return changed;
    }

    private async Task<bool> DispatchAsync(CancellationToken ct)
    {
        var s = state.State;
        var changed = false;
        while (s.State == JobState.Running && s.Segments.Count(t => t.Stage is SegmentStage.Depth or SegmentStage.Render) < Options.SegmentsInFlight)
        {
            // Finish what is started before starting more: renders of aligned shots first, then new depth.
            var next = s.Segments.FirstOrDefault(t => t.Stage == SegmentStage.DepthDone && s.AlignedShots.Contains(t.Shot))
                ?? s.Segments.FirstOrDefault(t => t.Stage == SegmentStage.Pending);
            if (next is null)
            {
                break;
            }

            var phase = next.Stage == SegmentStage.Pending ? WorkPhase.Depth : WorkPhase.Render;
            await OrderAsync(next, phase, 1, ct);
            changed = true;
        }

        return changed;
    }

    /// <summary>Sends an attempt to the segment grain and records it; a committed phase comes back done at once.</summary>
    private async Task<bool> OrderAsync(SegmentTrack track, WorkPhase phase, int attempt, CancellationToken ct)
    {
        var order = new WorkOrder { Work = Work(track), Phase = phase, Attempt = attempt, BlockedSilos = [.. state.State.BlockedSilos] };
        track.Stage = phase == WorkPhase.Depth ? SegmentStage.Depth : SegmentStage.Render;
        track.Attempt = attempt;
        track.Attempts++;
        var report = await Segment(track).RunAsync(order, ct);
        if (report.Outcome == AttemptOutcome.Succeeded && report.Phase == phase)
        {
            track.Attempts--; // nothing ran: the phase was committed already
            track.Stage = phase == WorkPhase.Depth ? SegmentStage.DepthDone : SegmentStage.Done;
        }
        else if (track.History.LastOrDefault() is not { } last || last.Phase != phase || last.Attempt != attempt)
        {
            // An order sent again for the same attempt (it never arrived) is the same attempt, not a new bar.
            track.History.Add(new SegmentAttempt { Phase = phase, Attempt = attempt, StartedAt = DateTimeOffset.UtcNow });
            if (track.History.Count > MaxHistory)
            {
                track.History.RemoveAt(0);
            }
        }

        return true;
    }

    /// <summary>Attempts kept per segment: enough for every retry a job allows, bounded for a segment that keeps losing silos.</summary>
    public const int MaxHistory = 32;

    /// <summary>Brings the segment's latest attempt record up to date with the segment grain's report.</summary>
    private static void RecordAttempt(SegmentTrack track, SegmentReport report)
    {
        var index = track.History.FindLastIndex(a => a.Phase == report.Phase && a.Attempt == report.Attempt);
        if (index < 0)
        {
            return;
        }

        var attempt = track.History[index];
        var ended = report.Outcome is not (AttemptOutcome.Running or AttemptOutcome.None);
        track.History[index] = attempt with
        {
            Silo = report.Silo ?? attempt.Silo,
            Outcome = ended ? report.Outcome : AttemptOutcome.Running,
            FinishedAt = ended ? attempt.FinishedAt ?? DateTimeOffset.UtcNow : null,
            Error = report.Error ?? attempt.Error,
        };
    }

    private async Task<bool> StitchAsync(CancellationToken ct)
    {
        var s = state.State;
        var spec = s.Spec!;
        var stitch = GrainFactory.GetGrain<IStitchGrain>(JobId);
        var changed = false;
        if (s.Stage != JobStage.Stitching)
        {
            s.Stage = JobStage.Stitching;
            s.StitchAttempt++;
            changed = true;
        }

        var order = new StitchOrder
        {
            JobId = JobId,
            Input = spec.Input,
            Output = spec.Output,
            Format = spec.Format,
            StartFrame = s.Plan!.StartFrame,
            EndFrame = s.Plan.EndFrame,
            Segments = s.Segments.Select(Work).ToList(),
            Codec = spec.Codec,
            Crf = spec.Crf,
            Preset = spec.Preset,
            PixelFormat = spec.PixelFormat,
            Overwrite = spec.Overwrite,
            Attempt = s.StitchAttempt,
            TraceParent = s.TraceParent,
        };
        if (!_stitchSent)
        {
            await stitch.StartAsync(order, ct);
            _stitchSent = true;
            return changed;
        }

        var progress = await stitch.PollAsync(ct);
        _stitchFrames = progress.FramesDone;
        switch (progress.State)
        {
            case WorkState.Succeeded:
                s.StitchTime += progress.Elapsed;
                if (!spec.KeepIntermediates)
                {
                    await store.DeletePrefixAsync(StoreKeys.JobPrefix(JobId), ct);
                }

                // The job is done once its output is published; the stereo QC follows on the stitcher's silo.
                s.Quality = new QualityStatus { State = QualityState.Pending };
                await FinishAsync(JobState.Done, null);
                LogDone(JobId, MediaFiles.Display(spec.Output));
                EnsureTimer();
                return false;
            case WorkState.Failed:
                s.StitchTime += progress.Elapsed;
                if (s.StitchAttempt - s.StitchAttemptsBefore >= Options.MaxSoftFails)
                {
                    await FinishAsync(JobState.Failed, $"stitching failed {s.StitchAttempt - s.StitchAttemptsBefore} times; last error: {progress.Error}");
                    return false;
                }

                s.StitchAttempt++;
                _stitchSent = false;
                return true;
            case WorkState.Idle or WorkState.HandedBack:
                _stitchSent = false; // the stitcher's silo went away (or is stopping): start it again
                return changed;
            default:
                return changed;
        }
    }

    /// <summary>
    /// One step of the output's stereo QC: start it on the stitcher, or settle its outcome. A failed analysis leaves the
    /// job done with the QC failed and its reason; a stitcher silo lost mid-analysis restarts it, a few times at most.
    /// </summary>
    private async Task<bool> PollQualityAsync(CancellationToken ct)
    {
        var s = state.State;
        var stitch = GrainFactory.GetGrain<IStitchGrain>(JobId);
        if (!_qualitySent)
        {
            s.QualityAttempt++;
            await stitch.StartQualityAsync(new QualityOrder
            {
                JobId = JobId,
                Output = s.Spec!.Output,
                Format = s.Spec.Format,
                SeamFrames = JobQuality.SeamFrames(s.Segments.Select(t => (t.Shot, t.Start, t.End)).ToList(), s.Plan?.StartFrame ?? 0),
                JsonKey = StoreKeys.QualityJson(JobId),
                HtmlKey = StoreKeys.QualityHtml(JobId),
                Attempt = s.QualityAttempt,
                Generation = s.Generation,
            }, ct);
            _qualitySent = true;
            return true;
        }

        var progress = await stitch.PollQualityAsync(ct);
        switch (progress.State)
        {
            case WorkState.Succeeded:
                var json = await JobQuality.ReadAsync(store, StoreKeys.QualityJson(JobId), ct);
                var report = json is null ? null : StereoQualityJson.Deserialize(json);
                s.Quality = report is null
                    ? new QualityStatus { State = QualityState.Failed, Error = "the QC report is missing from the media store" }
                    : new QualityStatus { State = QualityState.Done, Flagged = report.Flagged, Violations = report.ViolationCount };
                break;
            case WorkState.Failed:
                s.Quality = new QualityStatus { State = QualityState.Failed, Error = progress.Error };
                break;
            case WorkState.Idle or WorkState.HandedBack when s.QualityAttempt >= Options.MaxSoftFails:
                s.Quality = new QualityStatus { State = QualityState.Failed, Error = $"the stitcher's silo was lost {s.QualityAttempt} times during the analysis" };
                break;
            case WorkState.Idle or WorkState.HandedBack:
                _qualitySent = false; // the stitcher's silo went away (or is stopping): start it again
                return false;
            default:
                return false;
        }

        _qualitySent = false;
        StopTimer();
        LogQuality(JobId, s.Quality.StateName, s.Quality.Flagged, s.Quality.Violations, s.Quality.Error);
        return true;
    }

    private async Task FinishAsync(JobState final, string? error)
    {
        var s = state.State;
        Activity.Current = JobSpan() ?? Activity.Current;
        s.State = final;
        s.Error = error;
        s.Stage = final == JobState.Done ? JobStage.Finished : s.Stage;
        s.FinishedAt = DateTimeOffset.UtcNow;
        foreach (var track in s.Segments)
        {
            // Attempts the end of the job stopped (cancelled, or another segment failed) end here, outcome "stopped".
            for (var i = 0; i < track.History.Count; i++)
            {
                if (track.History[i].Outcome == AttemptOutcome.Running)
                {
                    track.History[i] = track.History[i] with { Outcome = AttemptOutcome.None, FinishedAt = s.FinishedAt };
                }
            }
        }

        _stitchSent = false;
        await state.WriteStateAsync();
        StopTimer();
        FarmMetrics.JobFinished(final);
        if (final == JobState.Failed)
        {
            LogFailed(JobId, error);
            FarmTelemetry.Fail(_jobSpan, error);
        }

        _jobSpan?.SetTag(FarmMetrics.StateAttribute, final.ToString().ToLowerInvariant());
        EndSpan(deactivated: false);
    }

    /// <summary>
    /// This run's root span where this activation started it; after a move to another activation (a silo restart, a
    /// deactivation), a <see cref="FarmTelemetry.JobResumedSpan"/> under the persisted context takes its place.
    /// </summary>
    private Activity? JobSpan()
    {
        var s = state.State;
        if (_jobSpan is null && s.TraceParent is not null && s.State == JobState.Running)
        {
            _jobSpan = FarmTelemetry.StartChild(FarmTelemetry.JobResumedSpan, s.TraceParent, JobId);
        }

        return _jobSpan;
    }

    private void EndSpan(bool deactivated)
    {
        if (deactivated && _jobSpan is not null)
        {
            _jobSpan.AddEvent(new ActivityEvent("deactivated"));
        }

        _jobSpan?.Dispose();
        _jobSpan = null;
    }

    private SegmentWork Work(SegmentTrack track)
    {
        var s = state.State;
        var spec = s.Spec!;
        var shot = s.Plan!.Shots[track.Shot];
        return new SegmentWork
        {
            JobId = JobId,
            Generation = s.Generation,
            Index = track.Index,
            Shot = track.Shot,
            ShotStart = shot.Start,
            Start = track.Start,
            End = track.End,
            Input = spec.Input,
            Format = spec.Format,
            Divergence = spec.Divergence,
            Convergence = spec.Convergence,
            Models = spec.Models,
            DepthKey = StoreKeys.Depth(JobId, track.Index),
            RangesKey = StoreKeys.Ranges(JobId, track.Index),
            AlignKey = StoreKeys.Align(JobId, track.Shot),
            ViewsKey = StoreKeys.Views(JobId, track.Index),
            TraceParent = s.TraceParent,
        };
    }

    private ISegmentGrain Segment(SegmentTrack track) =>
        GrainFactory.GetGrain<ISegmentGrain>($"{JobId}/g{state.State.Generation}/{track.Index}");

    private JobStatus Status()
    {
        var s = state.State;
        var total = s.Plan is null ? 0 : s.Plan.EndFrame - s.Plan.StartFrame;
        var segmentFrames = Math.Max(1, s.Segments.Sum(t => t.FrameCount));
        double depthDone = 0, renderDone = 0;
        foreach (var t in s.Segments)
        {
            var inFlight = _framesInFlight.GetValueOrDefault(t.Index);
            depthDone += t.Stage switch
            {
                SegmentStage.Depth => inFlight,
                SegmentStage.DepthDone or SegmentStage.Render or SegmentStage.Done => t.FrameCount,
                _ => 0,
            };
            renderDone += t.Stage switch
            {
                SegmentStage.Render => inFlight,
                SegmentStage.Done => t.FrameCount,
                _ => 0,
            };
        }

        var stitched = s.State == JobState.Done ? total : s.Stage == JobStage.Stitching ? _stitchFrames : 0;
        var progress = s.State == JobState.Done
            ? 1.0
            : total == 0 ? 0 : (DepthShare * depthDone / segmentFrames) + (RenderShare * renderDone / segmentFrames) + (StitchShare * stitched / total);
        var now = DateTimeOffset.UtcNow;
        TimeSpan? eta = null;
        double fps = 0;
        if (_rateStart is { } start && s.State == JobState.Running && progress > start.Progress)
        {
            var seconds = (now - start.Time).TotalSeconds;
            var rate = (progress - start.Progress) / seconds; // share of the job per second
            fps = rate * total;
            eta = TimeSpan.FromSeconds(Math.Round((1 - progress) / rate));
        }
        else if (s.State == JobState.Done && s.StartedAt is { } began && s.FinishedAt is { } ended && ended > began)
        {
            fps = total / (ended - began).TotalSeconds;
        }

        return new JobStatus
        {
            Id = JobId,
            Spec = s.Spec!,
            State = s.State,
            Stage = s.Stage,
            Error = s.Error,
            FramesTotal = total,
            FramesDone = (int)Math.Round(progress * total),
            Progress = progress,
            FramesPerSecond = fps,
            Eta = eta,
            ShotCount = s.Plan?.Shots.Count ?? 0,
            SegmentCount = s.Segments.Count,
            Segments = s.Segments.Select(t => new SegmentStatus
            {
                Index = t.Index,
                Shot = t.Shot,
                Start = t.Start,
                End = t.End,
                Stage = t.Stage,
                Silo = t.Silo,
                Attempts = t.Attempts,
                SoftFails = t.SoftFails,
                LastError = t.LastError,
                FramesDone = t.Stage is SegmentStage.Depth or SegmentStage.Render ? _framesInFlight.GetValueOrDefault(t.Index) : t.Stage == SegmentStage.Done ? t.FrameCount : 0,
                DepthRuns = t.DepthRuns,
                RenderRuns = t.RenderRuns,
                DepthTime = t.DepthTime,
                RenderTime = t.RenderTime,
                History = [.. t.History],
            }).ToList(),
            SubmittedAt = s.SubmittedAt,
            StartedAt = s.StartedAt,
            FinishedAt = s.FinishedAt,
            BlockedSilos = [.. s.BlockedSilos],
            DepthModel = s.DepthModel,
            StageTimes = new Dictionary<string, TimeSpan>
            {
                ["planning"] = s.PlanningTime,
                ["depth"] = TimeSpan.FromTicks(s.Segments.Sum(t => t.DepthTime.Ticks)),
                ["render"] = TimeSpan.FromTicks(s.Segments.Sum(t => t.RenderTime.Ticks)),
                ["stitch"] = s.StitchTime,
            },
            StitchFramesDone = stitched,
            Quality = s.Quality,
        };
    }

    private void EnsureTimer()
    {
        if (_timer is not null)
        {
            return;
        }

        _rateStart = null;
        _timer = this.RegisterGrainTimer(async ct =>
        {
            Activity.Current = JobSpan(); // the tick's log lines and calls belong to the job's trace
            await TickAsync(ct);
            if (_rateStart is null && state.State.Plan is not null)
            {
                _rateStart = (Status().Progress, DateTimeOffset.UtcNow);
            }

            PublishChanges();
        }, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = Options.PollInterval,
            Interleave = false,
            KeepAlive = true,
        });
    }

    /// <summary>Tells the farm's live stream what changed since the last look (one-way: the job never waits on it).</summary>
    private void PublishChanges()
    {
        if (state.State.Spec is null)
        {
            return;
        }

        var stream = GrainFactory.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key);
        foreach (var e in _events.Changes(Status()))
        {
            _ = stream.PublishAsync(e);
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: started on {Input}")]
    private partial void LogStarted(string jobId, string input);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Shots} shots, {Segments} segments")]
    private partial void LogPlanned(string jobId, int shots, int segments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: segment {Segment} lost its work: {Reason}")]
    private partial void LogLost(string jobId, int segment, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: silo {Silo} blocklisted after {Failures} failures")]
    private partial void LogBlocked(string jobId, string silo, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed: {Reason}")]
    private partial void LogFailed(string jobId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: stereo QC {State}, flagged {Flagged}, {Violations} violations {Error}")]
    private partial void LogQuality(string jobId, string state, bool flagged, int violations, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: done, wrote {Output}")]
    private partial void LogDone(string jobId, string output);
}
