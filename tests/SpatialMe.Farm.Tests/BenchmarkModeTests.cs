using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

public sealed class BenchmarkModeTests
{
    [Fact]
    public async Task In_benchmark_mode_depth_and_render_take_the_fixed_time_per_frame_and_the_job_still_goes_through_every_real_step()
    {
        var perFrame = TimeSpan.FromMilliseconds(25);
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu")], o => o.BenchmarkStageTime = perFrame);
        var output = dir.File("bench.mp4");

        var status = await farm.WaitAsync(await farm.SubmitAsync(FarmJobs.Spec(output)));

        Assert.True(status.State == JobState.Done, status.Error);
        Assert.Equal("fixed-time-25ms", status.DepthModel);
        var framesComputed = status.Segments.Sum(s => s.End - s.Start); // overlaps are computed by both segments
        Assert.InRange(status.StageTimes["depth"], perFrame * framesComputed, perFrame * framesComputed * 10);
        Assert.InRange(status.StageTimes["render"], perFrame * framesComputed, perFrame * framesComputed * 10);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output)); // decoded, stored, stitched and encoded for real
    }
}
