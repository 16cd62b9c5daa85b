using System.Diagnostics;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Storage;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class FarmConvertTests
{
    private static readonly string[] Segmented = ["--segment-frames", "12", "--overlap", "4", "--preset", "veryfast"];

    [Fact]
    public void Convert_cuts_shots_into_overlapping_segments_reports_the_outputs_stereo_qc_and_status_lists_the_finished_job()
    {
        using var dir = new TempDirectory();
        var store = dir.File("store");
        var output = dir.File("out.mp4");

        var result = CliRunner.RunIn(store, ["convert", FarmClips.CityNight, "-o", output, .. Segmented]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("2 shot(s), 6 segment(s)", result.Stdout);
        Assert.Contains("segments done", result.Stdout); // progress names the segments as they go
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
        var status = CliRunner.RunIn(store, "status");
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains("done", status.Stdout);
        Assert.Contains("6/6 segments", status.Stdout);
        Assert.Contains(output, status.Stdout);
        // The intermediates (depth, alignments, rendered views) are cleaned up; what is kept for the job's pages is its
        // latest rendered frame (previews/) and its QC report (qc/), nothing else.
        var media = Path.Combine(store, "media");
        var left = Directory.GetFiles(media, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(media, f).Replace('\\', '/')).ToList();
        Assert.All(left, f => Assert.True(f.StartsWith("previews/", StringComparison.Ordinal) || f.StartsWith("qc/", StringComparison.Ordinal), f));
        Assert.Single(left, f => f.StartsWith("previews/", StringComparison.Ordinal));

        // Convert waits for the stereo QC the farm makes of its output, says its verdict and where the report is, and
        // `spatialme qc <job-id>` finds that report in the store.
        var verdict = result.Stdout.Split('\n').Single(l => l.StartsWith("qc: ", StringComparison.Ordinal));
        Assert.Matches("^qc: (no violations|FLAGGED, [0-9]+ violation\\(s\\): [a-z, -]+); parallax near -?[0-9.]+% far -?[0-9.]+% of width", verdict);
        var report = result.Stdout.Split('\n').Single(l => l.StartsWith("qc report: ", StringComparison.Ordinal));
        var html = report["qc report: ".Length..report.IndexOf(" (JSON: ", StringComparison.Ordinal)];
        Assert.True(File.Exists(html), report);
        Assert.Contains(left, f => f.StartsWith("qc/", StringComparison.Ordinal) && f.EndsWith("/qc.json", StringComparison.Ordinal));
        var id = result.Stdout.Split('\n').Single(l => l.StartsWith("farm: job ", StringComparison.Ordinal))["farm: job ".Length..].Split(',')[0];

        // The same file with the same settings submitted through the API is the same job.
        var request = new JobRequest { Input = FarmClips.CityNight, Output = output, SegmentFrames = 12, Overlap = 4, Preset = "veryfast" };
        Assert.Equal(JobIds.For(request.ToSpec(new MediaLocations([], ["https"]))), id);
        var json = dir.File("qc.json");
        var qc = CliRunner.Run("qc", id, "--store", store, "--json", json);
        Assert.True(qc.ExitCode == 0, qc.All);
        Assert.StartsWith($"stereo QC of ", qc.Stdout, StringComparison.Ordinal);
        Assert.Contains($"(job {id})", qc.Stdout, StringComparison.Ordinal);
        Assert.Equal(FarmClips.Frames, System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("frameCount").GetInt32());
        var missing = CliRunner.Run("qc", "no-such-job", "--store", store);
        Assert.True(missing.ExitCode == 2, missing.All);
        Assert.Contains("no QC report of a job 'no-such-job'", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_kill_9_the_same_command_resumes_without_recomputing_committed_segments()
    {
        using var dir = new TempDirectory();
        var store = dir.File("store");
        var output = dir.File("out.mp4");
        string[] args = ["convert", FarmClips.CityNight, "-o", output, .. Segmented];

        List<int> committed;
        using (var first = CliRunner.Start(store, args))
        {
            committed = WaitForCommittedSegments(store, first);
            first.Kill(entireProcessTree: true); // SIGKILL: no clean-up of any kind
            first.WaitForExit();
        }

        Assert.False(File.Exists(output));
        Assert.Contains("interrupted", CliRunner.RunIn(store, "status").Stdout);

        var second = CliRunner.RunIn(store, args);

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
        var job = Assert.Single(Directory.GetFiles(Path.Combine(EmbeddedFarm.GrainStateFolder(store), "job")));
        var state = FileGrainStorage.TryRead<FilmJobGrainState>(EmbeddedFarm.GrainStateFolder(store), "job", Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(job)))!;
        Assert.All(state.Segments.Where(s => committed.Contains(s.Index)), s => Assert.Equal((1, 1), (s.DepthRuns, s.RenderRuns)));
    }

    [Fact]
    public async Task Ctrl_c_cancels_cleanly_and_keeps_committed_work_for_the_next_run()
    {
        using var dir = new TempDirectory();
        var store = dir.File("store");
        var output = dir.File("out.mp4");
        string[] args = ["convert", FarmClips.CityNight, "-o", output, .. Segmented];
        using var run = CliRunner.Start(store, args);
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = run.StandardOutput.ReadToEndAsync();
        WaitForCommittedSegments(store, run);

        Process.Start("kill", ["-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await run.WaitForExitAsync(timeout.Token);
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("run the same command to resume", await stderr);
        Assert.False(File.Exists(output));
        Assert.Contains("cancelled", CliRunner.RunIn(store, "status").Stdout);
        await stdout;
    }

    /// <summary>Waits until the running job has rendered at least one segment (and not all); returns their indices.</summary>
    private static List<int> WaitForCommittedSegments(string store, Process run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            var folder = Path.Combine(EmbeddedFarm.GrainStateFolder(store), "job");
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.GetFiles(folder))
                {
                    try
                    {
                        var state = FileGrainStorage.TryRead<FilmJobGrainState>(
                            EmbeddedFarm.GrainStateFolder(store), "job", Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file)));
                        var done = state?.Segments.Where(s => s.Stage == SegmentStage.Done).Select(s => s.Index).ToList() ?? [];
                        if (done.Count > 0 && done.Count < state!.Segments.Count)
                        {
                            return done;
                        }
                    }
                    catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
                    {
                        // caught mid-rename: look again
                    }
                }
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException("the job never had some but not all segments committed while it ran");
    }
}
