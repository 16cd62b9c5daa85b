using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

/// <summary><see cref="Grains.ICoordinatorGrain.RetryAsync"/>: a failed job runs again, keeping what it committed.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task AJobWhoseSegmentsFailedOnABadGpuIsRetriedAfterTheFixAndRedoesOnlyTheSegmentsThatHadNotCommitted()
    {
        using var dir = new TempDirectory();
        var gpu = new FaultyDepthEstimator(healthy: 30); // two 12-frame segments' depth, then a CUDA error on every frame
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu", gpu)]);
        await using var events = new EventCollector();
        await events.SubscribeAsync(farm.Client);
        var output = dir.File("out.mp4");
        var id = await farm.SubmitAsync(FarmJobs.Spec(output));

        var failed = await farm.WaitAsync(id);
        Assert.True(failed.State == JobState.Failed, $"{failed.State}: {failed.Error}");
        Assert.Contains(failed.Segments, s => s.Stage == SegmentStage.Failed && s.LastError is not null);
        var committed = failed.Segments.Where(s => s.Stage is SegmentStage.DepthDone or SegmentStage.Done).Select(s => s.Index).ToHashSet();
        Assert.NotEmpty(committed);

        // Nothing to retry while it runs or once it is done; an unknown job is not found.
        await Assert.ThrowsAsync<KeyNotFoundException>(() => farm.Coordinator.RetryAsync("no-such-job"));

        // The live stream told of the failed attempts, with their reason, and of the job failing.
        await events.WaitForAsync(e => e.Type == Events.FarmEventTypes.SegmentFailed && e.Job == id && e.Reason!.Contains("CUDA error", StringComparison.Ordinal));
        await events.WaitForAsync(e => e.Type == Events.FarmEventTypes.JobState && e.Job == id && e.State == "failed" && e.Reason == failed.Error);

        gpu.Mend();
        var retried = await farm.Coordinator.RetryAsync(id);
        Assert.Contains(retried.State, new[] { JobState.Queued, JobState.Running });
        var done = await farm.WaitAsync(id);

        Assert.True(done.State == JobState.Done, $"{done.State}: {done.Error}");
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
        Assert.All(done.Segments.Where(s => committed.Contains(s.Index)), s => Assert.Equal(1, s.DepthRuns));
        Assert.Contains(done.Segments, s => !committed.Contains(s.Index) && s.DepthRuns > 1);

        await events.WaitForAsync(e => e.Type == Events.FarmEventTypes.JobState && e.Job == id && e.State == "done");

        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Coordinator.RetryAsync(id));
        Assert.Contains("nothing to retry", again.Message, StringComparison.Ordinal);
    }
}
