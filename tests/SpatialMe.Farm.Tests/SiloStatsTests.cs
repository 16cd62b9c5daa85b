using SpatialMe.Farm.Events;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests;

/// <summary>
/// The silos' own reports (<see cref="ISiloStatsGrain"/>) and the live events (<see cref="IFarmEventsGrain"/>) in a
/// cluster of several silos, seen from a client as a web host sees them.
/// </summary>
public sealed class SiloStatsTests
{
    [Fact]
    public async Task EverySiloReportsItsRoleSlotsAndThroughputAndOneThatStopsIsAnnouncedLeaving()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu"), new TestSilo("gpu")]);
        await using var events = new EventCollector();
        await events.SubscribeAsync(farm.Client);
        var stats = farm.Client.GetGrain<ISiloStatsGrain>(ISiloStatsGrain.Key);

        var done = await farm.WaitAsync(await farm.SubmitAsync(FarmJobs.Spec(dir.File("out.mp4"))));
        Assert.Equal(Jobs.JobState.Done, done.State);

        // Reports come every 2 s: wait for the ones that count the whole job.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        IReadOnlyList<Cluster.SiloReport> reports;
        do
        {
            await Task.Delay(500);
            reports = await stats.ListAsync();
        }
        while ((reports.Count < 3 || reports.Sum(r => r.FramesRendered) < FarmClips.Frames) && DateTime.UtcNow < deadline);

        Assert.Equal(
            new[] { (farm.Address(0), "cpu"), (farm.Address(1), "gpu"), (farm.Address(2), "gpu") }.OrderBy(x => x.Item1),
            reports.Select(r => (r.Silo, r.Role)).OrderBy(x => x.Item1));
        Assert.All(reports, r => Assert.Equal(1, r.GpuSlots));
        Assert.All(reports, r => Assert.InRange(r.BusySlots, 0, 1));
        Assert.All(reports, r => Assert.False(string.IsNullOrWhiteSpace(r.Version)));
        Assert.Equal(0, reports.Single(r => r.Role == "cpu").FramesRendered); // GPU work stays on GPU silos
        Assert.True(reports.Where(r => r.Role == "gpu").Sum(r => r.FramesRendered) >= FarmClips.Frames);
        Assert.True(reports.Where(r => r.Role == "gpu").Sum(r => r.FramesPerSecond) > 0);

        // Every sweep samples the whole cluster into the grain's history and the event stream: three silos, two of
        // them GPU silos, a slot each, and (within the silos' 30 s rate window) the job's frames.
        var history = await stats.HistoryAsync(TimeSpan.FromHours(1));
        while (!history.Any(s => s.Silos == 3 && s.FramesPerSecond > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            history = await stats.HistoryAsync(TimeSpan.FromHours(1));
        }

        Assert.Contains(history, s => s is { Silos: 3, GpuSilos: 2, GpuSlots: 3 } && s.FramesPerSecond > 0 && s.DepthFramesPerSecond > 0);
        Assert.All(history.Zip(history.Skip(1)), p => Assert.True(p.Second.At >= p.First.At));
        var sampled = await events.WaitForAsync(e => e.Type == FarmEventTypes.ClusterSample && e.Silos == 3);
        Assert.Equal((2, 3), (sampled.GpuSilos, sampled.GpuSlots));
        Assert.Contains(history, s => s.At == sampled.Time && s.BusySlots == sampled.BusySlots && s.FramesPerSecond == sampled.Fps);

        // Stop a silo that hosts neither the stats nor the events grain (one that does takes their memory with it:
        // the events after are a new activation's, and a web host resets its streams).
        var management = farm.Client.GetGrain<IManagementGrain>(0);
        var hosts = new[]
        {
            (await management.GetActivationAddress(stats))?.ToParsableString(),
            (await management.GetActivationAddress(farm.Client.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key)))?.ToParsableString(),
        };
        var victim = Enumerable.Range(0, 3).First(i => !hosts.Contains(farm.Address(i)));
        var gone = farm.Address(victim);
        await farm.Cluster.StopSiloAsync(farm.Handle(victim));
        var left = await events.WaitForAsync(e => e.Type == FarmEventTypes.SiloLeft && e.Silo == gone);
        Assert.Equal(farm.Silos[victim].Role, left.Role);
        Assert.False(string.IsNullOrEmpty(left.Reason));
        Assert.DoesNotContain(await stats.ListAsync(), r => r.Silo == gone);
        await events.WaitForAsync(e => e.Type == FarmEventTypes.ClusterSample && e.Id > left.Id && e.Silos == 2 && e.GpuSlots == 2);

        // The job's own events came through too, numbered in increasing order; Orleans may deliver batches out of
        // order, but each names the id before it, and the batches chain without a gap.
        var batches = events.Batches.OrderBy(b => b.Previous).ToList();
        Assert.All(batches.Zip(batches.Skip(1)), p => Assert.Equal(p.First.Events[^1].Id, p.Second.Previous));
        Assert.All(batches, b => Assert.True(b.Events[0].Id > b.Previous && b.Events.Zip(b.Events.Skip(1)).All(p => p.Second.Id > p.First.Id)));
        await events.WaitForAsync(e => e.Type == FarmEventTypes.JobState && e.Job == done.Id && e.State == "done");
    }
}
