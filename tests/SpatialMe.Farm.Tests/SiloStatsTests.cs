using System.Collections.Concurrent;
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
        var events = new Collector();
        var observer = farm.Client.CreateObjectReference<IFarmEventsObserver>(events);
        await farm.Client.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key).SubscribeAsync(observer, 0);
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

        var gone = farm.Address(2);
        await farm.Cluster.StopSiloAsync(farm.Handle(2));
        var leaving = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!events.All.Any(e => e.Type == FarmEventTypes.SiloLeft && e.Silo == gone) && DateTime.UtcNow < leaving)
        {
            await Task.Delay(200);
            await farm.Client.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key).SubscribeAsync(observer, events.All.LastOrDefault()?.Id ?? 0); // renew, as a web host does
        }

        var left = events.All.Single(e => e.Type == FarmEventTypes.SiloLeft && e.Silo == gone);
        Assert.Equal("gpu", left.Role);
        Assert.False(string.IsNullOrEmpty(left.Reason));
        Assert.DoesNotContain(await stats.ListAsync(), r => r.Silo == gone);

        // The job's own events came through too, numbered in increasing order.
        var ids = events.All.Select(e => e.Id).ToList();
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.Second > p.First));
        Assert.Contains(events.All, e => e.Type == FarmEventTypes.JobState && e.Job == done.Id && e.State == "done");
    }

    private sealed class Collector : IFarmEventsObserver
    {
        private readonly ConcurrentQueue<FarmEvent> _events = new();

        public IReadOnlyList<FarmEvent> All => [.. _events];

        public Task OnEventsAsync(IReadOnlyList<FarmEvent> events)
        {
            foreach (var e in events)
            {
                _events.Enqueue(e);
            }

            return Task.CompletedTask;
        }
    }
}
