using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;

namespace SpatialMe.Farm.Events;

/// <summary>
/// What changed in a job since its last look, as farm events: its state, its progress (frames, rate, ETA, stage),
/// each segment's stage, and each failed or lost attempt. Held in memory by the job's activation: a new activation
/// starts by announcing the job as it is.
/// </summary>
public sealed class JobEvents
{
    private readonly Dictionary<int, (SegmentStage Stage, int Attempts, int Failures, string? Error)> _segments = [];
    private JobState? _state;
    private JobStage? _stage;
    private int _framesDone = -1;
    private double _progress = -1;
    private string? _quality;

    public IReadOnlyList<FarmEvent> Changes(JobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var events = new List<FarmEvent>();
        foreach (var s in status.Segments)
        {
            var failures = s.SoftFails;
            var had = _segments.TryGetValue(s.Index, out var before);
            if (had && failures > before.Failures || had && s.LastError is { } lost && lost != before.Error && s.Stage != SegmentStage.Failed && lost != "cancelled")
            {
                events.Add(Segment(status.Id, s, FarmEventTypes.SegmentFailed) with { Reason = s.LastError });
            }

            if (!had || s.Stage != before.Stage || s.Attempts != before.Attempts)
            {
                events.Add(Segment(status.Id, s, FarmEventTypes.SegmentStage) with { Reason = s.Stage == SegmentStage.Failed ? s.LastError : null });
            }

            _segments[s.Index] = (s.Stage, s.Attempts, failures, s.LastError);
        }

        var progressed = status.FramesDone != _framesDone || Math.Abs(status.Progress - _progress) >= 0.001 || status.Stage != _stage;
        if (progressed && status.State is JobState.Running or JobState.Done)
        {
            events.Add(Progress(status));
        }

        if (status.State != _state)
        {
            events.Add(new FarmEvent
            {
                Type = FarmEventTypes.JobState,
                Job = status.Id,
                State = status.State.ToApiName(),
                Stage = status.Stage.ToApiName(),
                Progress = Math.Clamp(status.Progress, 0, 1),
                Reason = status.Error,
            });
        }

        // The QC report comes after the job is done: announce it once it is made (or failed), not while pending.
        var quality = status.Quality?.StateName;
        if (quality != _quality && quality is "done" or "failed")
        {
            events.Add(new FarmEvent { Type = FarmEventTypes.JobQc, Job = status.Id, State = quality, Reason = status.Quality?.Error });
        }

        _quality = quality;
        _state = status.State;
        _stage = status.Stage;
        _framesDone = status.FramesDone;
        _progress = status.Progress;
        return events;
    }

    /// <summary>A job's progress as an event.</summary>
    public static FarmEvent Progress(JobStatus status) => new()
    {
        Type = FarmEventTypes.JobProgress,
        Job = status.Id,
        State = status.State.ToApiName(),
        Stage = status.Stage.ToApiName(),
        Progress = Math.Clamp(status.Progress, 0, 1),
        FramesDone = status.FramesDone,
        FramesTotal = status.FramesTotal,
        Fps = status.FramesPerSecond,
        Eta = status.Eta?.TotalSeconds,
    };

    private static FarmEvent Segment(string job, SegmentStatus s, string type) => new()
    {
        Type = type,
        Job = job,
        Segment = s.Index,
        Shot = s.Shot,
        Stage = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(s.Stage.ToString()),
        Silo = s.Silo,
        Attempt = s.Attempts,
        FramesDone = s.FramesDone,
        FramesTotal = s.End - s.Start,
    };
}
