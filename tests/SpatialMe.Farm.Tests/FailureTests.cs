using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task KillingAGpuSiloMidJobLosesNoTitleAndChangesNoByteOfTheOutput()
    {
        using var dir = new TempDirectory();
        var reference = dir.File("reference.mp4");
        await using (var clean = await FarmCluster.StartAsync(dir.File("store-clean"), [new TestSilo("cpu"), new TestSilo("gpu")]))
        {
            var done = await clean.WaitAsync(await clean.SubmitAsync(FarmJobs.Spec(reference)));
            Assert.True(done.State == JobState.Done, done.Error);
        }

        // Silo 2's depth is held at a gate, so work is provably in flight there when it is killed.
        using var gate = new GatedDepthEstimator();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu"), new TestSilo("gpu", gate)]);
        var output = dir.File("out.mp4");
        var id = await farm.SubmitAsync(FarmJobs.Spec(output));
        var victim = farm.Address(2);
        await farm.WaitAsync(id, s => gate.Waiting > 0 && s.Segments.Any(x => x.Silo == victim));
        await farm.Cluster.KillSiloAsync(farm.Handle(2));

        // What the killed silo had: attempts it reported, and attempts placed but not yet reported by any silo.
        var atKill = (await farm.Job(id).GetStatusAsync())!;
        var inFlightOnVictim = atKill.Segments.Count(s => s.Stage is Segments.SegmentStage.Depth or Segments.SegmentStage.Render && (s.Silo is null || s.Silo == victim));

        var status = await farm.WaitAsync(id);

        Assert.True(status.State == JobState.Done, $"{status.State}: {status.Error}");
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        var rerun = status.Segments.Count(s => s.DepthRuns > 1 || s.RenderRuns > 1);
        Assert.True(rerun >= 1 && rerun <= inFlightOnVictim, $"{rerun} segments re-run, {inFlightOnVictim} in flight on the killed silo: "
            + string.Join(" ", status.Segments.Select(s => $"[{s.Index} d{s.DepthRuns} r{s.RenderRuns} {s.Silo}]")) + " at kill: "
            + string.Join(" ", atKill.Segments.Select(s => $"[{s.Index} {s.Stage} {s.Silo}]")));
        Assert.All(status.Segments.Where(s => s.Attempts > 2), s => Assert.Contains("went away", s.LastError ?? "went away"));
    }

    [Fact]
    public async Task ASiloThatKeepsFailingAJobIsBlocklistedAndTheJobCompletesElsewhere()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(
            dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu"), new TestSilo("gpu", new BrokenGpuDepthEstimator())]);
        var output = dir.File("out.mp4");

        var status = await farm.WaitAsync(await farm.SubmitAsync(FarmJobs.Spec(output)));

        Assert.True(status.State == JobState.Done, $"{status.State}: {status.Error}");
        Assert.Contains(farm.Address(2), status.BlockedSilos);
        Assert.All(status.Segments, s => Assert.Equal(farm.Address(1), s.Silo));
        Assert.Contains(status.Segments, s => s.SoftFails > 0 && s.LastError is null);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
    }

    [Fact]
    public async Task AJobFailsWithAClearReasonOnlyWhenNoSiloCanDoTheWork()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(
            dir.File("store"),
            [new TestSilo("cpu"), new TestSilo("gpu", new BrokenGpuDepthEstimator()), new TestSilo("gpu", new BrokenGpuDepthEstimator())]);
        var output = dir.File("out.mp4");

        var status = await farm.WaitAsync(await farm.SubmitAsync(FarmJobs.Spec(output)));

        Assert.Equal(JobState.Failed, status.State);
        Assert.Contains("no silo can run depth work", status.Error);
        Assert.Contains("blocklisted", status.Error);
        Assert.Equal(2, status.BlockedSilos.Count);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task WithoutAnyGpuSiloJobsWaitQueuedUnlessCpuFallbackIsAllowed()
    {
        using var dir = new TempDirectory();
        await using (var strict = await FarmCluster.StartAsync(dir.File("strict"), [new TestSilo("cpu")]))
        {
            var id = await strict.SubmitAsync(FarmJobs.Spec(dir.File("strict.mp4")));
            await Task.Delay(TimeSpan.FromSeconds(3));
            var listed = Assert.Single(await strict.Coordinator.ListJobsAsync());
            Assert.Equal(id, listed.Id);
            Assert.Equal(JobState.Queued, listed.State); // no GPU slot in the cluster: it waits for a GPU silo to join
        }

        await using var lenient = await FarmCluster.StartAsync(dir.File("lenient"), [new TestSilo("cpu")], o => o.AllowCpuFallback = true);
        var done = await lenient.WaitAsync(await lenient.SubmitAsync(FarmJobs.Spec(dir.File("lenient.mp4"))));
        Assert.True(done.State == JobState.Done, done.Error);
        Assert.All(done.Segments, s => Assert.Equal(lenient.Address(0), s.Silo));
    }
}
