using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Farm.Tests;

public sealed class PlacementTests(ITestOutputHelper log)
{
    [Fact]
    public async Task DepthAndRenderRunOnlyOnGpuSilosAndTheJobProducesTheWholeFilm()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu"), new TestSilo("gpu")]);
        var output = dir.File("out.mp4");

        var id = await farm.SubmitAsync(FarmJobs.Spec(output));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var status = await farm.WaitAsync(id, s =>
        {
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} {s.Stage} " + string.Join(" ", s.Segments.Select(x => $"{x.Index}:{x.Stage}:{x.FramesDone}")));
            return s.State.IsFinal();
        });
        log.WriteLine($"{clock.Elapsed} " + string.Join(", ", status.StageTimes.Select(kv => $"{kv.Key} {kv.Value}")));

        Assert.True(status.State == JobState.Done, $"{status.State}: {status.Error}");
        Assert.Equal(2, status.ShotCount);
        Assert.True(status.Segments.Count >= 4, $"expected several segments, got {status.Segments.Count}");
        var gpu = new[] { farm.Address(1), farm.Address(2) };
        Assert.All(status.Segments, s =>
        {
            Assert.Equal(SegmentStage.Done, s.Stage);
            Assert.Contains(s.Silo, gpu);
        });
        Assert.Equal("cues-v1", status.DepthModel);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
        Assert.Equal(["512"], TestClips.StreamEntries(output, "v:0", "width"));
    }
}
