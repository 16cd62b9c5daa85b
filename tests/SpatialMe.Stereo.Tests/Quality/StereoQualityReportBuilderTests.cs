using SpatialMe.Stereo.Quality;

namespace SpatialMe.Stereo.Tests.Quality;

public sealed class StereoQualityReportBuilderTests
{
    private static readonly StereoQualityReportBuilder.VideoFacts Facts = new("clip.mkv", null, "full-sbs", 480, 270, 25, 40, 1);

    private static FrameQuality Frame(int n, double near = -1, double far = 1, double windowLeft = 0, double? flicker = 0, double leftChange = 1, double rightChange = 1, double mean = 0) => new()
    {
        Frame = n, NearPercent = near, FarPercent = far, MeanPercent = mean, MatchedPercent = 95, WindowLeft = windowLeft, WindowRight = 0,
        DisocclusionPercent = 2, Flicker = flicker, LeftChange = leftChange, RightChange = rightChange,
    };

    [Fact]
    public void Consecutive_frames_over_a_limit_are_one_violation_and_the_title_is_flagged_not_failed()
    {
        // Shot 0 (frames 0–19): frames 5–8 over the 3% budget; shot 1 (20–39): a window violation at 30.
        var frames = Enumerable.Range(0, 40).Select(n => n is >= 5 and <= 8 ? Frame(n, near: -2, far: 2) : n == 30 ? Frame(n, windowLeft: 0.3) : Frame(n)).ToList();
        var report = StereoQualityReportBuilder.Build(Facts, frames, [(0, 20), (20, 40)], [], StereoQualityOptions.Default);

        Assert.True(report.Flagged);
        Assert.Equal(2, report.ViolationCount);
        var budget = Assert.Single(report.Violations, v => v.Kind == "budget");
        Assert.Equal((0, 5, 8, 4.0), (budget.Shot, budget.StartFrame, budget.EndFrame, budget.Worst));
        var window = Assert.Single(report.Violations, v => v.Kind == "window-left");
        Assert.Equal((1, 30), (window.Shot, window.StartFrame));
        Assert.Equal(["budget"], report.Shots[0].ViolationKinds);
        Assert.Equal(["window-left"], report.Shots[1].ViolationKinds);
        Assert.Equal(4.0, report.Title.MaxBudgetPercent);
        Assert.Equal(-2.0, report.Title.NearPercent);
    }

    [Fact]
    public void A_comfortable_title_is_not_flagged()
    {
        var report = StereoQualityReportBuilder.Build(Facts, Enumerable.Range(0, 40).Select(n => Frame(n)).ToList(), [(0, 40)], [], StereoQualityOptions.Default);

        Assert.False(report.Flagged);
        Assert.Empty(report.Violations);
        Assert.Equal(40, report.Title.FramesAnalysed);
    }

    [Fact]
    public void A_seam_whose_right_view_jumps_far_beyond_the_shots_typical_step_is_flagged_and_a_quiet_one_is_not()
    {
        // Frame 10's right view changes by 9 more than the left (typical: 0); frame 30's seam is like every other frame.
        var frames = Enumerable.Range(0, 40).Select(n => n == 10 ? Frame(n, rightChange: 10) : Frame(n)).ToList();
        var report = StereoQualityReportBuilder.Build(Facts, frames, [(0, 40)], [10, 30], StereoQualityOptions.Default);

        Assert.Equal(2, report.Seams.Count);
        Assert.True(report.Seams.Single(s => s.Frame == 10).Flagged);
        Assert.Equal(9.0, report.Seams.Single(s => s.Frame == 10).ViewStep, 6);
        Assert.False(report.Seams.Single(s => s.Frame == 30).Flagged);
        Assert.Single(report.Violations, v => v.Kind == "seam" && v.StartFrame == 10);
    }
}
