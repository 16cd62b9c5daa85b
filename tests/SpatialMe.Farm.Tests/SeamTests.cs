using System.Globalization;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Farm.Tests;

/// <summary>
/// Seams on a real long shot (../shared/data/video/tokyo-walk.mp4: one shot, moving camera, people): the shot
/// converted as four overlapping segments against the same shot as one segment. Output is the right view alone,
/// losslessly encoded, so the comparison sees the renders themselves rather than codec noise.
/// </summary>
public sealed class SeamTests(ITestOutputHelper log)
{
    private const int Frames = 96;

    [SkippableFact]
    public async Task ARealShotCutIntoSegmentsMatchesTheUnsegmentedShotAndShowsNoStepAtItsSeams()
    {
        var source = SharedData.RequireFile("video/tokyo-walk.mp4");
        using var dir = new TempDirectory();
        var clip = dir.File("walk.mp4");
        TestClips.RunFFmpeg(["-hide_banner", "-loglevel", "error", "-i", source, "-frames:v", Frames.ToString(CultureInfo.InvariantCulture),
            "-vf", "scale=320:180", "-c:v", "libx264", "-crf", "14", "-preset", "veryfast", "-pix_fmt", "yuv420p", clip]);
        var store = dir.File("store");
        await using var farm = await FarmCluster.StartAsync(store, [new TestSilo("gpu")]);

        var whole = await RunAsync(farm, clip, dir.File("whole.mkv"), segmentFrames: 240, overlap: 16);
        var split = await RunAsync(farm, clip, dir.File("split.mkv"), segmentFrames: 32, overlap: 8);

        Assert.Single(whole.Status.Segments);
        Assert.Equal(4, split.Status.Segments.Count);
        var media = new LocalMediaStore(Path.Combine(store, "media"));
        var segments = split.Status.Segments.Select(s => (s.Index, s.Start, s.End)).ToList();
        var disparityWhole = await SeamAnalysis.MeanDisparityAsync(media, whole.Status.Id, whole.Status.Segments.Select(s => (s.Index, s.Start, s.End)).ToList(), 0, Frames);
        var disparitySplit = await SeamAnalysis.MeanDisparityAsync(media, split.Status.Id, segments, 0, Frames);
        var figures = SeamAnalysis.Measure(
            disparityWhole, await SeamAnalysis.ViewChangesAsync(whole.Output),
            disparitySplit, await SeamAnalysis.ViewChangesAsync(split.Output),
            SeamAnalysis.SeamEdges(segments, 0));
        var (meanPsnr, worstPsnr) = await SeamAnalysis.PsnrAsync(whole.Output, split.Output);
        var disparityGap = disparityWhole.Zip(disparitySplit, (a, b) => Math.Abs(a - b)).Max();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"split vs whole: PSNR mean {meanPsnr:F2} dB, worst {worstPsnr:F2} dB; mean disparity gap max {disparityGap:F4} px; {figures}"));

        Assert.Equal(6, figures.SeamEdges);
        Assert.True(disparityGap < 0.01, $"mean disparity differs by up to {disparityGap} px");
        Assert.True(meanPsnr > 40 && worstPsnr > 30, $"PSNR mean {meanPsnr}, worst {worstPsnr}");
        Assert.True(figures.SeamExtraDisparityChange <= figures.TypicalDisparityChange, $"{figures}");
        Assert.True(figures.SeamExtraViewChange <= figures.TypicalViewChange, $"{figures}");
    }

    /// <summary>
    /// Two GPU silos whose estimators disagree by a scale and shift (another model build): segments rendered on
    /// different silos must still meet, because each seam is fitted in raw depth before the shot's normalisation.
    /// </summary>
    [SkippableFact]
    public async Task SegmentsWhoseDepthScaleDriftsBetweenSilosAreAlignedAtTheirSeams()
    {
        var source = SharedData.RequireFile("video/tokyo-walk.mp4");
        using var dir = new TempDirectory();
        var clip = dir.File("walk.mp4");
        TestClips.RunFFmpeg(["-hide_banner", "-loglevel", "error", "-i", source, "-frames:v", "64",
            "-vf", "scale=256:144", "-c:v", "libx264", "-crf", "14", "-preset", "veryfast", "-pix_fmt", "yuv420p", clip]);
        var store = dir.File("store");
        (JobStatus Status, string Output) whole;
        await using (var single = await FarmCluster.StartAsync(store, [new TestSilo("gpu")]))
        {
            whole = await RunAsync(single, clip, dir.File("whole.mkv"), segmentFrames: 240, overlap: 16);
        }

        await using var farm = await FarmCluster.StartAsync(
            dir.File("store-drift"), [new TestSilo("gpu"), new TestSilo("gpu", new ScaledDepthEstimator(1.4f, 0.2f))]);
        var split = await RunAsync(farm, clip, dir.File("split.mkv"), segmentFrames: 24, overlap: 8);

        Assert.Equal(2, split.Status.Segments.Select(s => s.Silo).Distinct().Count());
        var media = new LocalMediaStore(Path.Combine(dir.File("store-drift"), "media"));
        var segments = split.Status.Segments.Select(s => (s.Index, s.Start, s.End)).ToList();
        var disparitySplit = await SeamAnalysis.MeanDisparityAsync(media, split.Status.Id, segments, 0, 64);
        var disparityWhole = await SeamAnalysis.MeanDisparityAsync(
            new LocalMediaStore(Path.Combine(store, "media")), whole.Status.Id, whole.Status.Segments.Select(s => (s.Index, s.Start, s.End)).ToList(), 0, 64);
        var gap = disparityWhole.Zip(disparitySplit, (a, b) => Math.Abs(a - b)).Max();
        var (meanPsnr, worstPsnr) = await SeamAnalysis.PsnrAsync(whole.Output, split.Output);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drifting silos vs one segment: PSNR mean {meanPsnr:F2} dB, worst {worstPsnr:F2} dB; mean disparity gap max {gap:F4} px"));

        Assert.True(gap < 0.01, $"mean disparity differs by up to {gap} px");
        Assert.True(meanPsnr > 40 && worstPsnr > 30, $"PSNR mean {meanPsnr}, worst {worstPsnr}");
    }

    private static async Task<(JobStatus Status, string Output)> RunAsync(FarmCluster farm, string clip, string output, int segmentFrames, int overlap)
    {
        var spec = new JobSpec
        {
            Input = clip,
            Output = output,
            Format = "right",
            SegmentFrames = segmentFrames,
            Overlap = overlap,
            Codec = "ffv1",
            PixelFormat = "bgr0",
            KeepIntermediates = true,
        };
        var status = await farm.WaitAsync(await farm.SubmitAsync(spec), timeout: TimeSpan.FromMinutes(5));
        Assert.True(status.State == JobState.Done, status.Error);
        return (status, output);
    }
}
