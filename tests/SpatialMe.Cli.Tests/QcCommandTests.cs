using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary><c>spatialme qc</c> on files, run as a user would: the summary, the report files, exit codes and bad input.</summary>
public sealed class QcCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("qc-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_flagged_stereo_clip_is_exit_0_with_the_summary_and_the_json_and_html_files()
    {
        // Background 3 px behind the screen, a square 6 px in front touching the left edge: a left window violation.
        var clip = new StereoPlanes(320, 180, 3, -6, 0, 50, 80, 70).WriteSideBySide(_dir.Path, 12);
        var json = _dir.File("report.json");
        var html = _dir.File("report.html");

        var result = CliRunner.Run("qc", clip, "--every", "4", "--json", json, "--html", html);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("FLAGGED, 1 violation(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("violation window-left", result.Stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(report.RootElement.GetProperty("flagged").GetBoolean());
        Assert.Equal(3, report.RootElement.GetProperty("frames").GetArrayLength());
        var near = report.RootElement.GetProperty("title").GetProperty("nearPercent").GetDouble();
        Assert.InRange(near, (-6 * 100.0 / 320) - 0.3, (-6 * 100.0 / 320) + 0.3);
        Assert.Contains(FormattableString.Invariant($"parallax near {near:F2}%"), result.Stdout, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"chart-window\"", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_change_the_verdict()
    {
        // The same violation is under a limit of 90% of the edge band.
        var clip = new StereoPlanes(320, 180, 3, -6, 0, 50, 80, 70).WriteSideBySide(_dir.Path, 2, "lenient");
        var result = CliRunner.Run("qc", clip, "--window-share", "0.9");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("no violations", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("limit 90%", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_gets_a_clear_error_naming_it()
    {
        var missing = CliRunner.Run("qc", _dir.File("nothing.mp4"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nothing.mp4' does not exist", missing.Stderr, StringComparison.Ordinal);

        var text = _dir.File("notes.mp4");
        File.WriteAllText(text, "not a video");
        var notVideo = CliRunner.Run("qc", text);
        Assert.Equal(1, notVideo.ExitCode);
        Assert.Contains("notes.mp4", notVideo.Stderr, StringComparison.Ordinal);

        var mono = TestClips.Create(_dir.Path, width: 320, height: 120, seconds: 0.4, name: "mono");
        var notStereo = CliRunner.Run("qc", mono, "--every", "1");
        Assert.Equal(1, notStereo.ExitCode);
        Assert.Contains("does not look like a full-sbs stereo video", notStereo.Stderr, StringComparison.Ordinal);

        var layout = CliRunner.Run("qc", mono, "--layout", "anaglyph");
        Assert.Equal(2, layout.ExitCode);
        Assert.Contains("needs a stereo layout with both views", layout.Stderr, StringComparison.Ordinal);

        var threshold = CliRunner.Run("qc", mono, "--budget-limit", "-1");
        Assert.Equal(2, threshold.ExitCode);
        Assert.Contains("depth budget limit must be positive", threshold.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_id_without_a_cluster_is_refused_saying_how_to_name_one()
    {
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["SPATIALME_REDIS"] = string.Empty }, "qc", "3f2a9c");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no cluster is configured", result.Stderr, StringComparison.Ordinal);
    }
}
