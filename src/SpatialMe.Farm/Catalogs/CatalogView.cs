using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Catalogs;

/// <summary>
/// A catalog as the REST API, the dashboard and <c>spatialme catalog status --json</c> show it: counts by state, the
/// share of its titles' frames done, and every title (<see cref="CatalogTitleView"/>). <see cref="State"/> is <c>running</c> while any title is queued or
/// running, else <c>done</c> when every title is done, else <c>failed</c> (some failed or were cancelled).
/// </summary>
public sealed record CatalogView(
    string Id,
    string? Manifest,
    DateTimeOffset SubmittedAt,
    string State,
    double Progress,
    int Total,
    int Queued,
    int Running,
    int Done,
    int Failed,
    int Cancelled,
    IReadOnlyList<CatalogTitleView> Titles)
{
    public static CatalogView From(CatalogStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var titles = status.Titles;
        var state = titles.Any(t => !t.State.IsFinal()) ? "running" : titles.All(t => t.State == JobState.Done) ? "done" : "failed";

        // Frames weight the progress where titles have been planned; before that each title counts the same.
        var frames = titles.Sum(t => (long)t.FramesTotal);
        var progress = titles.Count == 0 ? 0
            : frames > 0 && titles.All(t => t.FramesTotal > 0 || t.State.IsFinal())
                ? titles.Sum(t => t.Progress * t.FramesTotal) / frames
                : titles.Average(t => t.Progress);
        return new CatalogView(
            status.Id,
            status.Manifest,
            status.SubmittedAt,
            state,
            Math.Clamp(progress, 0, 1),
            titles.Count,
            status.Count(JobState.Queued),
            status.Count(JobState.Running),
            status.Count(JobState.Done),
            status.Count(JobState.Failed),
            status.Count(JobState.Cancelled),
            [.. titles.Select(CatalogTitleView.From)]);
    }
}

/// <summary>One title of a catalog: its manifest line, its job (null when refused before one existed), state, progress and why it failed.</summary>
public sealed record CatalogTitleView(
    string Id, int Line, string? JobId, string State, double Progress, int FramesDone, int FramesTotal, string? Input, string? Output, string? Error)
{
    public static CatalogTitleView From(CatalogTitleStatus title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new CatalogTitleView(
            title.Id, title.Line, title.JobId, title.State.ToApiName(), Math.Clamp(title.Progress, 0, 1), title.FramesDone, title.FramesTotal, title.Input, title.Output, title.Error);
    }
}
