using System.Text.RegularExpressions;
using SpatialMe.Media.Quality;
using SpatialMe.Stereo.Packing;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests.Quality;

public sealed partial class StereoVideoQualityTests : IDisposable
{
    private const int Width = 320;
    private readonly TempDirectory _dir = new("qc");

    /// <summary>Background 3 px behind the screen (+0.94% of 320), a square 6 px in front (−1.9%) touching the left edge (a
    /// budget of 2.8%, inside the 3% limit), the scene panning left 1 px a frame so the square stays at the edge.</summary>
    private static readonly StereoPlanes Scene = new(Width, 180, BackgroundParallax: 3, ForegroundParallax: -6, 0, 50, 80, 70) { PanPerFrame = -1 };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_side_by_side_clip_gives_its_known_parallax_and_a_flagged_left_window_violation()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 20);
        var report = await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 5 });

        Assert.Equal(20, report.FrameCount);
        Assert.Equal([0, 5, 10, 15], report.Frames.Select(f => f.Frame));
        Assert.Equal((Width, 180, "full-sbs"), (report.ViewWidth, report.ViewHeight, report.Layout));
        Assert.InRange(report.Title.NearPercent, (-6 * 100.0 / Width) - 0.3, (-6 * 100.0 / Width) + 0.3);
        Assert.InRange(report.Title.FarPercent, (3 * 100.0 / Width) - 0.3, (3 * 100.0 / Width) + 0.3);
        Assert.Single(report.Shots);

        // Flagged, not failed: the window violation on the left and none on the right; nothing else.
        Assert.True(report.Flagged);
        var violation = Assert.Single(report.Violations);
        Assert.Equal(("window-left", 0, 15), (violation.Kind, violation.StartFrame, violation.EndFrame));
        Assert.All(report.Frames.Skip(1), f => Assert.InRange(f.Flicker!.Value, -0.5, 0.5));
    }

    [Fact]
    public async Task Views_wider_than_the_working_width_are_reduced_while_decoding_and_give_the_same_parallax_in_percent()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 6, "reduced");
        var options = Stereo.Quality.StereoQualityOptions.Default with { WorkingWidth = 160 };
        var report = await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 5, Options = options });

        // The report still names the views' own size; the figures are in % of width, which the reduction keeps.
        Assert.Equal((Width, 180), (report.ViewWidth, report.ViewHeight));
        Assert.InRange(report.Title.NearPercent, (-6 * 100.0 / Width) - 0.6, (-6 * 100.0 / Width) + 0.6);
        Assert.InRange(report.Title.FarPercent, (3 * 100.0 / Width) - 0.6, (3 * 100.0 / Width) + 0.6);
        Assert.Contains(report.Violations, v => v.Kind == "window-left");
    }

    [Fact]
    public async Task A_clip_whose_right_view_jitters_is_flagged_for_flicker()
    {
        var clip = (Scene with { RightJitter = 2, ForegroundX = 100 }).WriteSideBySide(_dir.Path, 6, "jitter");
        var report = await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 1 });

        var flicker = Assert.Single(report.Violations, v => v.Kind == "flicker");
        Assert.Equal((1, 5), (flicker.StartFrame, flicker.EndFrame));
        Assert.DoesNotContain(report.Violations, v => v.Kind.StartsWith("window", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seam_frames_are_analysed_with_the_frame_before_them_whatever_the_sampling()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 20, "seams");
        var report = await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 10, SeamFrames = [7] });

        Assert.Equal([0, 6, 7, 10], report.Frames.Select(f => f.Frame));
        var seam = Assert.Single(report.Seams);
        Assert.Equal(7, seam.Frame);
        Assert.False(seam.Flagged);
    }

    [Fact]
    public async Task A_mono_video_read_as_side_by_side_is_refused_naming_the_file_and_the_layout()
    {
        // ffmpeg's test pattern: its two halves are different pictures, of which SGBM consistently matches ~15%.
        var clip = TestClips.Create(_dir.Path, width: 320, height: 120, seconds: 0.4, name: "mono");
        var e = await Assert.ThrowsAsync<MediaException>(() => StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 1 }));

        Assert.Contains("mono.mp4", e.Message, StringComparison.Ordinal);
        Assert.Contains("full-sbs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_is_refused_naming_it()
    {
        var text = _dir.File("notes.mp4");
        await File.WriteAllTextAsync(text, "not a video");

        var e = await Assert.ThrowsAsync<MediaException>(() => StereoVideoQuality.AnalyzeAsync(text, new StereoVideoQualityRequest()));
        Assert.Contains("notes.mp4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layout_without_two_views_is_refused()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 2, "layout");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Layout = StereoFormat.Anaglyph }));

        Assert.Contains("anaglyph", e.Message, StringComparison.Ordinal);
        Assert.Contains("full-sbs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_html_page_is_self_contained_and_carries_the_chart_data_and_the_flagged_shot()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 10, "html");
        var report = await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 3 });
        var html = StereoQualityHtml.Render(report);

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("Chart.js v4.6.1", html, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"chart-parallax\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"flagged\"><td>0</td>", html, StringComparison.Ordinal);

        // The inlined JSON is the report: every analysed frame's near parallax is in it.
        var json = Regex.Match(html, "<script id=\"qc-data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var inlined = StereoQualityJson.Deserialize(json);
        Assert.Equal(report.Frames.Select(f => f.NearPercent), inlined.Frames.Select(f => f.NearPercent));
        Assert.Equal(report.ViolationCount, inlined.Violations.Count);
    }

    [Fact]
    public async Task The_json_has_camel_case_fields()
    {
        var clip = Scene.WriteSideBySide(_dir.Path, 2, "json");
        var json = StereoQualityJson.Serialize(await StereoVideoQuality.AnalyzeAsync(clip, new StereoVideoQualityRequest { Every = 1 }));

        foreach (var field in new[] { "\"flagged\"", "\"violationCount\"", "\"title\"", "\"shots\"", "\"frames\"", "\"nearPercent\"", "\"farPercent\"", "\"budgetPercent\"", "\"windowLeft\"", "\"disocclusionPercent\"", "\"flicker\"", "\"thresholds\"", "\"farLimitPercent\"" })
        {
            Assert.Contains(field, json, StringComparison.Ordinal);
        }
    }

    /// <summary>Any attribute that would make the browser fetch something: src/href to http(s) or protocol-relative URLs.</summary>
    [GeneratedRegex("""(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
