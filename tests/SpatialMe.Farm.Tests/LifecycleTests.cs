using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task CancellingARunningJobStopsItsWorkAndWritesNoOutput()
    {
        using var dir = new TempDirectory();
        using var gate = new GatedDepthEstimator();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu", gate)]);
        var output = dir.File("out.mp4");
        var id = await farm.SubmitAsync(FarmJobs.Spec(output));
        await farm.WaitAsync(id, _ => gate.Waiting > 0);

        await farm.Coordinator.CancelAsync(id);
        gate.Open();

        var status = await farm.Job(id).GetStatusAsync();
        Assert.Equal(JobState.Cancelled, status!.State);
        Assert.DoesNotContain(status.Segments, s => s.Stage is SegmentStage.Depth or SegmentStage.Render);
        var listed = await farm.Coordinator.ListJobsAsync();
        Assert.Equal(JobState.Cancelled, Assert.Single(listed).State);
        await Task.Delay(1000);
        Assert.False(File.Exists(output));
        Assert.Equal(JobState.Cancelled, (await farm.Job(id).GetStatusAsync())!.State);
    }

    [Fact]
    public async Task AfterAFullRestartTheJobResumesAndNoCommittedSegmentIsComputedAgain()
    {
        using var dir = new TempDirectory();
        var reference = dir.File("reference.mp4");
        await using (var clean = await FarmCluster.StartAsync(dir.File("store-clean"), [new TestSilo("cpu"), new TestSilo("gpu")]))
        {
            Assert.Equal(JobState.Done, (await clean.WaitAsync(await clean.SubmitAsync(FarmJobs.Spec(reference)))).State);
        }

        var store = dir.File("store");
        var output = dir.File("out.mp4");
        var spec = FarmJobs.Spec(output);
        string id;
        IReadOnlyList<int> committed;
        using (var gate = new GatedDepthEstimator())
        {
            // One segment at a time; depth passes for the first shot's frames only, so that shot renders and commits
            // while the second shot is held.
            await using var first = await FarmCluster.StartAsync(store, [new TestSilo("cpu"), new TestSilo("gpu", gate)], o => o.SegmentsInFlight = 1);
            id = await first.SubmitAsync(spec);
            var planned = await first.WaitAsync(id, s => s.Segments.Count > 0);
            gate.Allow(planned.Segments.Where(s => s.Shot == 0).Sum(s => s.End - s.Start));
            var partial = await first.WaitAsync(id, s => s.Segments.Where(x => x.Shot == 0).All(x => x.Stage == SegmentStage.Done) && gate.Waiting > 0);
            committed = partial.Segments.Where(s => s.Stage == SegmentStage.Done).Select(s => s.Index).ToList();
            Assert.NotEmpty(committed);
            Assert.Contains(partial.Segments, s => s.Stage != SegmentStage.Done);
        }

        await using var second = await FarmCluster.StartAsync(store, [new TestSilo("cpu"), new TestSilo("gpu")]);
        await second.Coordinator.SubmitAsync(id, spec); // what running the same command again does
        var status = await second.WaitAsync(id);

        Assert.True(status.State == JobState.Done, $"{status.State}: {status.Error}");
        Assert.All(status.Segments.Where(s => committed.Contains(s.Index)), s =>
        {
            Assert.Equal(1, s.DepthRuns);
            Assert.Equal(1, s.RenderRuns);
        });
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task TheCoordinatorRunsHigherPriorityJobsFirstWithinItsJobLimit()
    {
        using var dir = new TempDirectory();
        using var gate = new GatedDepthEstimator();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu", gate)], o => o.MaxRunningJobs = 1);
        var first = await farm.SubmitAsync(FarmJobs.Spec(dir.File("first.mp4")));
        var low = await farm.SubmitAsync(FarmJobs.Spec(dir.File("low.mp4")) with { Priority = 0 });
        var high = await farm.SubmitAsync(FarmJobs.Spec(dir.File("high.mp4")) with { Priority = 5 });

        var jobs = await farm.Coordinator.ListJobsAsync();
        Assert.Equal(JobState.Running, jobs.Single(j => j.Id == first).State);
        Assert.Equal(JobState.Queued, jobs.Single(j => j.Id == low).State);
        Assert.Equal(JobState.Queued, jobs.Single(j => j.Id == high).State);

        gate.Open();
        await farm.WaitAsync(high);
        var lowStatus = await farm.WaitAsync(low);
        var highStatus = await farm.Job(high).GetStatusAsync();
        Assert.Equal(JobState.Done, highStatus!.State);
        Assert.True(highStatus.StartedAt < lowStatus.StartedAt, "the high-priority job should start before the low one");
    }

    [Fact]
    public async Task ALowPriorityTitleOvertakesNewerHigherOnesOnceItHasWaitedLongEnough()
    {
        using var dir = new TempDirectory();
        using var gate = new GatedDepthEstimator();
        await using var farm = await FarmCluster.StartAsync(
            dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu", gate)], o => (o.MaxRunningJobs, o.PriorityAging) = (1, TimeSpan.FromSeconds(1)));
        var first = await farm.SubmitAsync(FarmJobs.Spec(dir.File("first.mp4")));
        var patient = await farm.SubmitAsync(FarmJobs.Spec(dir.File("patient.mp4")) with { Priority = 0 });
        await Task.Delay(TimeSpan.FromSeconds(4)); // four aging steps: effective priority 4
        var newer = await farm.SubmitAsync(FarmJobs.Spec(dir.File("newer.mp4")) with { Priority = 2 });

        gate.Open();
        await farm.WaitAsync(first);
        var patientStatus = await farm.WaitAsync(patient);
        var newerStatus = await farm.WaitAsync(newer);
        Assert.Equal(JobState.Done, patientStatus.State);
        Assert.True(patientStatus.StartedAt < newerStatus.StartedAt, "the title that waited should start before the newer, higher-priority one");
    }
}
