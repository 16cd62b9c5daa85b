using SpatialMe.Farm.Segments;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// A job as the REST API (and <c>spatialme status --json</c> clients) see it: state names as in the API
/// (<c>queued</c>, <c>running</c>, <c>done</c>, <c>failed</c>, <c>cancelled</c>), progress 0–1, frames, rate and ETA
/// (seconds; null until there is a rate).
/// </summary>
public sealed record JobView(
    string Id,
    string State,
    string Stage,
    double Progress,
    int FramesDone,
    int FramesTotal,
    double Fps,
    double? Eta,
    string Input,
    string Output,
    string Format,
    int Priority,
    string? Error,
    int Shots,
    int Segments,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The output's stereo QC in brief (docs/qc.md); null until the job is done.</summary>
    public QualityView? Qc { get; init; }

    public static JobView From(JobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new JobView(
            status.Id,
            status.State.ToApiName(),
            status.Stage.ToApiName(),
            Math.Clamp(status.Progress, 0, 1),
            status.FramesDone,
            status.FramesTotal,
            status.FramesPerSecond,
            status.Eta?.TotalSeconds,
            Storage.MediaFiles.Display(status.Spec.Input),
            Storage.MediaFiles.Display(status.Spec.Output),
            status.Spec.Format,
            status.Spec.Priority,
            status.Error,
            status.ShotCount,
            status.SegmentCount,
            status.SubmittedAt,
            status.StartedAt,
            status.FinishedAt)
        {
            Qc = QualityView.From(status.Quality),
        };
    }
}

/// <summary>A job's stereo QC as the REST API shows it: state (pending, done, failed), flagged, violations, error.</summary>
public sealed record QualityView(string State, bool Flagged, int Violations, string? Error)
{
    public static QualityView? From(QualityStatus? quality) =>
        quality is null ? null : new QualityView(quality.StateName, quality.Flagged, quality.Violations, quality.Error);
}

/// <summary>
/// One segment of a job as the REST API shows it: shot, input frame range [start, end), stage, silo, attempts, the
/// seconds its depth and render work took, how many times each phase was started (more than once only when work was
/// lost or failed and redone; a resumed job shows committed work was not redone), and every attempt (<see cref="AttemptView"/>).
/// </summary>
public sealed record SegmentView(
    int Index,
    int Shot,
    int Start,
    int End,
    string Stage,
    string? Silo,
    int Attempts,
    int FailedAttempts,
    int FramesDone,
    string? Error,
    double DepthSeconds,
    double RenderSeconds,
    int DepthRuns,
    int RenderRuns,
    IReadOnlyList<AttemptView> History)
{
    public static SegmentView From(SegmentStatus segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new SegmentView(
            segment.Index,
            segment.Shot,
            segment.Start,
            segment.End,
            System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(segment.Stage.ToString()),
            segment.Silo,
            segment.Attempts,
            segment.SoftFails,
            segment.FramesDone,
            segment.LastError,
            segment.DepthTime.TotalSeconds,
            segment.RenderTime.TotalSeconds,
            segment.DepthRuns,
            segment.RenderRuns,
            [.. segment.History.Select(AttemptView.From)]);
    }
}

/// <summary>
/// One attempt of a segment's phase (<c>depth</c> or <c>render</c>): its silo, start and end, and outcome —
/// <c>running</c>, <c>succeeded</c>, <c>failed</c> (the work threw: <c>error</c> says why), <c>lost</c> (its silo went
/// away), <c>unplaceable</c> (no silo may take it) or <c>stopped</c> (the job ended first).
/// </summary>
public sealed record AttemptView(string Phase, int Attempt, string? Silo, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string? Error)
{
    public static AttemptView From(SegmentAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var outcome = attempt.Outcome == AttemptOutcome.None ? "stopped" : attempt.Outcome.ToString().ToLowerInvariant();
        return new AttemptView(attempt.Phase.ToString().ToLowerInvariant(), attempt.Attempt, attempt.Silo, attempt.StartedAt, attempt.FinishedAt, outcome, attempt.Error);
    }
}
