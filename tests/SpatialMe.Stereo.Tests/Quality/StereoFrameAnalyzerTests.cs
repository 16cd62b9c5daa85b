using SpatialMe.Stereo.Quality;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Quality;

public sealed class StereoFrameAnalyzerTests
{
    private const int Width = 480;

    /// <summary>Background 4 px behind the screen (+0.833% of 480), a square 10 px in front (−2.083%) touching the left edge.</summary>
    private static readonly StereoPlanes LeftEdgeScene = new(Width, 270, BackgroundParallax: 4, ForegroundParallax: -10, 0, 80, 120, 110);

    /// <summary>The same square touching the right edge instead.</summary>
    private static readonly StereoPlanes RightEdgeScene = new(Width, 270, BackgroundParallax: 4, ForegroundParallax: -10, Width - 120, 80, 120, 110);

    private static readonly StereoFrameAnalyzer Analyzer = new(StereoQualityOptions.Default);

    [Fact]
    public void Near_and_far_parallax_are_the_known_planes_within_a_quarter_percent_of_the_width()
    {
        var (left, right) = LeftEdgeScene.Frame(0);
        var frame = Analyzer.Analyze(0, left, right, null);

        // The square covers ~10% of the frame, so the 2nd percentile is on it and the 98th on the background.
        Assert.InRange(frame.NearPercent, (-10 * 100.0 / Width) - 0.25, (-10 * 100.0 / Width) + 0.25);
        Assert.InRange(frame.FarPercent, (4 * 100.0 / Width) - 0.25, (4 * 100.0 / Width) + 0.25);
        Assert.InRange(frame.BudgetPercent, (14 * 100.0 / Width) - 0.5, (14 * 100.0 / Width) + 0.5);
        Assert.True(frame.MatchedPercent > 80, $"only {frame.MatchedPercent:F1}% of the pixels matched");
        Assert.Null(frame.Flicker);
    }

    [Fact]
    public void A_square_in_front_of_the_screen_touching_the_left_edge_violates_the_window_on_the_left_only()
    {
        var (left, right) = LeftEdgeScene.Frame(0);
        var frame = Analyzer.Analyze(0, left, right, null);

        // Of the 24-px left band, rows 80–190 (41% of the height) are the square; its 10 leftmost columns have no match
        // in the right view, so about 14·110 of the ~5400 matched band pixels are in front: ~29%.
        Assert.InRange(frame.WindowLeft, 0.15, 0.45);
        Assert.True(frame.WindowRight < 0.01, $"right edge share {frame.WindowRight:F3}");
    }

    [Fact]
    public void A_square_in_front_of_the_screen_touching_the_right_edge_violates_the_window_on_the_right_only()
    {
        var (left, right) = RightEdgeScene.Frame(0);
        var frame = Analyzer.Analyze(0, left, right, null);

        Assert.InRange(frame.WindowRight, 0.15, 0.6);
        Assert.True(frame.WindowLeft < 0.01, $"left edge share {frame.WindowLeft:F3}");
    }

    [Fact]
    public void Disoccluded_area_is_what_the_right_view_shows_beside_the_square_and_at_the_left_edge()
    {
        var (left, right) = LeftEdgeScene.Frame(0);
        var frame = Analyzer.Analyze(0, left, right, null);

        // Exactly: 14 px beside the square over 110 rows, and 4 px of background at the left edge over the other 160
        // rows, of 480 × 270: 1.68%. Block matching widens such strips by a few pixels.
        Assert.InRange(frame.DisocclusionPercent, 1.0, 4.0);
    }

    [Fact]
    public void A_steady_panning_shot_has_no_flicker()
    {
        var panning = LeftEdgeScene with { PanPerFrame = 2 };
        var previous = panning.Frame(4);
        var (left, right) = panning.Frame(5);
        var frame = Analyzer.Analyze(5, left, right, previous);

        Assert.NotNull(frame.Flicker);
        Assert.InRange(frame.Flicker!.Value, -0.5, 0.5);
    }

    [Fact]
    public void A_right_view_that_jitters_between_frames_flickers_well_above_the_limit()
    {
        var jittering = LeftEdgeScene with { PanPerFrame = 2, RightJitter = 2 };
        var previous = jittering.Frame(4);
        var (left, right) = jittering.Frame(5);
        var frame = Analyzer.Analyze(5, left, right, previous);

        Assert.True(frame.Flicker > 2 * StereoQualityOptions.DefaultFlickerLimit, $"flicker {frame.Flicker:F2}");
    }

    [Fact]
    public void Views_downscaled_to_the_working_width_give_the_same_parallax_in_percent()
    {
        var (left, right) = LeftEdgeScene.Frame(0);
        var half = new StereoFrameAnalyzer(StereoQualityOptions.Default with { WorkingWidth = 240 });
        var frame = half.Analyze(0, left, right, null);

        Assert.InRange(frame.NearPercent, (-10 * 100.0 / Width) - 0.5, (-10 * 100.0 / Width) + 0.5);
        Assert.InRange(frame.FarPercent, (4 * 100.0 / Width) - 0.5, (4 * 100.0 / Width) + 0.5);
    }

    [Fact]
    public void Bad_thresholds_are_refused_with_the_value_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new StereoFrameAnalyzer(StereoQualityOptions.Default with { BudgetLimitPercent = -1 }));
        Assert.Contains("depth budget limit", e.Message, StringComparison.Ordinal);
        Assert.Contains("-1", e.Message, StringComparison.Ordinal);
    }
}
