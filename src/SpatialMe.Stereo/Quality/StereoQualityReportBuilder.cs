namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Turns analysed frames into a title's report: per-shot and title aggregates, seams, and violations — runs of
/// consecutive analysed frames of one shot over a limit, one item each (a long shot over budget is one violation,
/// not hundreds).
/// </summary>
public static class StereoQualityReportBuilder
{
    /// <summary>What the report says about the video beside the figures.</summary>
    public sealed record VideoFacts(string Source, string? JobId, string Layout, int ViewWidth, int ViewHeight, double FrameRate, int FrameCount, int Every);

    /// <param name="frames">Analysed frames, any order.</param>
    /// <param name="shots">Shots as (start, end exclusive), contiguous from frame 0.</param>
    /// <param name="seamFrames">Frames where rendered segments meet (may be empty).</param>
    public static StereoQualityReport Build(
        VideoFacts facts, IReadOnlyList<FrameQuality> frames, IReadOnlyList<(int Start, int End)> shots, IReadOnlyList<int> seamFrames, StereoQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var ordered = frames.OrderBy(f => f.Frame).ToList();
        var violations = new List<QualityViolation>();
        var seams = new List<SeamQuality>();
        var shotReports = new List<ShotQuality>();
        for (var s = 0; s < shots.Count; s++)
        {
            var (start, end) = shots[s];
            var inShot = ordered.Where(f => f.Frame >= start && f.Frame < end).ToList();
            var shotViolations = Violations(s, inShot, options);
            foreach (var seamFrame in seamFrames.Where(f => f > start && f < end).Distinct().Order())
            {
                if (SeamSteps.Measure(seamFrame, s, inShot, options) is { } seam)
                {
                    seams.Add(seam);
                    if (seam.Flagged)
                    {
                        shotViolations.Add(new QualityViolation
                        {
                            Kind = "seam", Shot = s, StartFrame = seamFrame, EndFrame = seamFrame,
                            Worst = seam.ViewStep, Limit = options.SeamRatio * seam.TypicalViewStep,
                        });
                    }
                }
            }

            violations.AddRange(shotViolations);
            var summary = Summarise(inShot, shotViolations);
            shotReports.Add(new ShotQuality
            {
                Index = s, Start = start, End = end,
                FramesAnalysed = summary.FramesAnalysed, NearPercent = summary.NearPercent, FarPercent = summary.FarPercent,
                MaxBudgetPercent = summary.MaxBudgetPercent, MaxWindowLeft = summary.MaxWindowLeft, MaxWindowRight = summary.MaxWindowRight,
                MeanDisocclusionPercent = summary.MeanDisocclusionPercent, MaxDisocclusionPercent = summary.MaxDisocclusionPercent,
                MeanFlicker = summary.MeanFlicker, MaxFlicker = summary.MaxFlicker, Flagged = summary.Flagged, ViolationKinds = summary.ViolationKinds,
            });
        }

        var title = Summarise(ordered, violations);
        return new StereoQualityReport
        {
            Source = facts.Source,
            JobId = facts.JobId,
            Layout = facts.Layout,
            ViewWidth = facts.ViewWidth,
            ViewHeight = facts.ViewHeight,
            FrameRate = facts.FrameRate,
            FrameCount = facts.FrameCount,
            Every = facts.Every,
            CreatedAt = DateTimeOffset.UtcNow,
            Thresholds = options,
            Flagged = violations.Count > 0,
            Title = new TitleQuality
            {
                FramesAnalysed = title.FramesAnalysed, NearPercent = title.NearPercent, FarPercent = title.FarPercent,
                MaxBudgetPercent = title.MaxBudgetPercent, MaxWindowLeft = title.MaxWindowLeft, MaxWindowRight = title.MaxWindowRight,
                MeanDisocclusionPercent = title.MeanDisocclusionPercent, MaxDisocclusionPercent = title.MaxDisocclusionPercent,
                MeanFlicker = title.MeanFlicker, MaxFlicker = title.MaxFlicker, Flagged = title.Flagged, ViolationKinds = title.ViolationKinds,
            },
            Shots = shotReports,
            Frames = ordered,
            Seams = seams,
            Violations = violations,
        };
    }

    private static List<QualityViolation> Violations(int shot, IReadOnlyList<FrameQuality> frames, StereoQualityOptions options)
    {
        var found = new List<QualityViolation>();
        Runs(found, shot, frames, "budget", f => f.BudgetPercent, options.BudgetLimitPercent);
        Runs(found, shot, frames, "far", f => f.FarPercent, options.FarLimitPercent);
        Runs(found, shot, frames, "window-left", f => f.WindowLeft, options.WindowShareLimit);
        Runs(found, shot, frames, "window-right", f => f.WindowRight, options.WindowShareLimit);
        Runs(found, shot, frames, "disocclusion", f => f.DisocclusionPercent, options.DisocclusionLimitPercent);
        Runs(found, shot, frames, "flicker", f => f.Flicker, options.FlickerLimit);
        return found;
    }

    /// <summary>Adds one violation per run of consecutive analysed frames whose figure exceeds the limit.</summary>
    private static void Runs(List<QualityViolation> found, int shot, IReadOnlyList<FrameQuality> frames, string kind, Func<FrameQuality, double?> figure, double limit)
    {
        QualityViolation? open = null;
        foreach (var frame in frames)
        {
            if (figure(frame) is { } value && value > limit)
            {
                open = open is null
                    ? new QualityViolation { Kind = kind, Shot = shot, StartFrame = frame.Frame, EndFrame = frame.Frame, Worst = value, Limit = limit }
                    : open with { EndFrame = frame.Frame, Worst = Math.Max(open.Worst, value) };
                continue;
            }

            if (open is not null)
            {
                found.Add(open);
                open = null;
            }
        }

        if (open is not null)
        {
            found.Add(open);
        }
    }

    private static QualitySummary Summarise(IReadOnlyList<FrameQuality> frames, IReadOnlyList<QualityViolation> violations)
    {
        var flicker = frames.Select(f => f.Flicker).OfType<double>().ToList();
        var any = frames.Count > 0;
        return new QualitySummary
        {
            FramesAnalysed = frames.Count,
            NearPercent = any ? frames.Min(f => f.NearPercent) : 0,
            FarPercent = any ? frames.Max(f => f.FarPercent) : 0,
            MaxBudgetPercent = any ? frames.Max(f => f.BudgetPercent) : 0,
            MaxWindowLeft = any ? frames.Max(f => f.WindowLeft) : 0,
            MaxWindowRight = any ? frames.Max(f => f.WindowRight) : 0,
            MeanDisocclusionPercent = any ? frames.Average(f => f.DisocclusionPercent) : 0,
            MaxDisocclusionPercent = any ? frames.Max(f => f.DisocclusionPercent) : 0,
            MeanFlicker = flicker.Count > 0 ? flicker.Average() : 0,
            MaxFlicker = flicker.Count > 0 ? flicker.Max() : 0,
            Flagged = violations.Count > 0,
            ViolationKinds = violations.Select(v => v.Kind).Distinct().ToList(),
        };
    }
}
