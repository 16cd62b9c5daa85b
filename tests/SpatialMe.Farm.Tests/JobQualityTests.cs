using System.Text.Json;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

/// <summary>Every job gets a stereo QC report after it is done; the analysis failing never fails the job.</summary>
public sealed class JobQualityTests
{
    [Fact]
    public async Task A_done_job_gets_its_qc_report_with_its_seams_kept_after_the_intermediates_are_cleaned_up()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu")]);
        var id = await farm.SubmitAsync(FarmJobs.Spec(dir.File("out.mp4")));

        var done = await farm.WaitAsync(id);
        Assert.Equal(JobState.Done, done.State);
        Assert.NotNull(done.Quality); // pending or already done: the job is done either way

        var status = await farm.WaitAsync(id, s => s.Quality?.State != QualityState.Pending);
        Assert.True(status.Quality!.State == QualityState.Done, status.Quality.Error);
        var json = await farm.Job(id).GetQualityReportAsync(QualityReportFormat.Json);
        Assert.NotNull(json);
        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        Assert.Equal(id, root.GetProperty("jobId").GetString());
        Assert.Equal(done.FramesTotal, root.GetProperty("frameCount").GetInt32());
        Assert.Equal(status.Quality.Flagged, root.GetProperty("flagged").GetBoolean());
        Assert.Equal(status.Quality.Violations, root.GetProperty("violationCount").GetInt32());

        // Segments of 12 frames overlapping by 4: every seam where two segments of a shot meet is measured.
        var expected = JobQuality.SeamFrames(done.Segments.Select(s => (s.Shot, s.Start, s.End)).ToList(), 0);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, root.GetProperty("seams").EnumerateArray().Select(s => s.GetProperty("frame").GetInt32()));

        var html = await farm.Job(id).GetQualityReportAsync(QualityReportFormat.Html);
        Assert.Contains("<canvas id=\"chart-parallax\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_without_two_views_leaves_the_job_done_and_the_qc_failed_with_the_reason()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu")]);
        var id = await farm.SubmitAsync(FarmJobs.Spec(dir.File("out.mp4"), segmentFrames: 240) with { Format = "anaglyph", EndFrame = 20 });

        var status = await farm.WaitAsync(id, s => s.State.IsFinal() && s.Quality?.State != QualityState.Pending);
        Assert.Equal(JobState.Done, status.State);
        Assert.Equal(QualityState.Failed, status.Quality!.State);
        Assert.Contains("'anaglyph' does not hold both views", status.Quality.Error, StringComparison.Ordinal);
        Assert.Null(await farm.Job(id).GetQualityReportAsync(QualityReportFormat.Json));
        Assert.True(File.Exists(dir.File("out.mp4")));
    }

    [Fact]
    public void Seam_frames_are_where_segments_of_one_shot_meet_as_frames_of_the_output()
    {
        // Shot 0: segments [10, 22) and [18, 30) overlap on 18–21; shot 1 starts at 30 with one segment (a cut, no seam).
        var frames = JobQuality.SeamFrames([(0, 10, 22), (0, 18, 30), (1, 30, 40)], startFrame: 10);

        Assert.Equal([8, 12], frames);
    }
}
