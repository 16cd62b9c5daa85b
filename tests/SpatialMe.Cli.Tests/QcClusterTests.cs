using System.Globalization;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// A cluster job's stereo QC report through <c>spatialme qc &lt;job-id&gt;</c>: made by the farm after the job is done,
/// on real silo processes sharing Redis, with the job's segment seams measured.
/// </summary>
public sealed class QcClusterTests
{
    [Fact]
    public async Task A_done_cluster_job_has_its_qc_report_from_the_cli_with_its_seams()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var media = dir.File("media");
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        Directory.CreateDirectory(media);
        var input = new StereoPlanes(192, 108, 0, 0, 0, 30, 60, 40) { PanPerFrame = 1 }.WriteLeftView(media, 30, "qc-title");
        var output = Path.Combine(media, "qc-title.sbs.mp4");

        // Segments of 12 frames overlapping by 4: seams inside the one shot.
        var submit = CliRunner.Run("submit", input, "-o", output, "--redis", redis.ConnectionString, "--segment-frames", "12", "--overlap", "4", "--preset", "veryfast");
        Assert.True(submit.ExitCode == 0, submit.All + cpu.Log);
        var id = submit.Stdout.Trim();
        var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + gpu.Log);

        // The job is done; its report follows on the stitcher's silo (exit 1 "being made" until then).
        var json = dir.File("qc.json");
        var html = dir.File("qc.html");
        CliRunner.Result qc;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        do
        {
            qc = CliRunner.Run("qc", id, "--redis", redis.ConnectionString, "--json", json, "--html", html);
            if (qc.ExitCode != 0)
            {
                Assert.Contains("being made", qc.Stderr, StringComparison.Ordinal);
                await Task.Delay(500);
            }
        }
        while (qc.ExitCode != 0 && DateTime.UtcNow < deadline);

        Assert.True(qc.ExitCode == 0, qc.All + cpu.Log + gpu.Log);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.Equal(id, root.GetProperty("jobId").GetString());
        Assert.Equal(30, root.GetProperty("frameCount").GetInt32());
        Assert.True(root.GetProperty("seams").GetArrayLength() >= 2, root.GetProperty("seams").ToString());

        // The summary prints the report's own figures.
        var title = root.GetProperty("title");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"parallax near {title.GetProperty("nearPercent").GetDouble():F2}% far {title.GetProperty("farPercent").GetDouble():F2}%"), qc.Stdout, StringComparison.Ordinal);
        Assert.Contains($"(job {id})", qc.Stdout, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"chart-flicker\"", File.ReadAllText(html), StringComparison.Ordinal);

        // A threshold cannot be applied to a report the farm already made.
        var refused = CliRunner.Run("qc", id, "--redis", redis.ConnectionString, "--budget-limit", "2");
        Assert.Equal(2, refused.ExitCode);
    }
}
