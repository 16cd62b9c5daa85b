using SpatialMe.Farm.Cluster;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Farm.Tests;

/// <summary>The silo stats grain's cluster history (<see cref="ClusterHistory"/>, <see cref="ClusterSample"/>) on its own, without Orleans.</summary>
public sealed class ClusterHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_last_window_of_samples_oldest_first()
    {
        var history = new ClusterHistory(TimeSpan.FromMinutes(1), capacity: 1000);
        for (var i = 0; i <= 30; i++)
        {
            history.Add(new ClusterSample { At = Start.AddSeconds(5 * i), BusySlots = i });
        }

        // 150 s of samples every 5 s; the window keeps those at most 60 s older than the latest (13 of them).
        var kept = history.Since(DateTimeOffset.MinValue);
        Assert.Equal(Enumerable.Range(18, 13), kept.Select(s => s.BusySlots));
        Assert.Equal(Start.AddSeconds(150), kept[^1].At);
        Assert.Equal([28, 29, 30], history.Since(Start.AddSeconds(140)).Select(s => s.BusySlots));
    }

    [Fact]
    public void Never_holds_more_than_its_capacity_even_when_samples_come_faster()
    {
        var history = new ClusterHistory(TimeSpan.FromHours(1), capacity: 10);
        for (var i = 0; i < 100; i++)
        {
            history.Add(new ClusterSample { At = Start.AddMilliseconds(i), BusySlots = i });
            Assert.InRange(history.Count, 1, 10);
        }

        Assert.Equal(Enumerable.Range(90, 10), history.Since(DateTimeOffset.MinValue).Select(s => s.BusySlots));
    }

    [Fact]
    public void The_grain_keeps_an_hour_of_its_sweeps()
    {
        Assert.Equal(TimeSpan.FromHours(1), SiloStatsGrain.HistoryWindow);
        Assert.Equal(720, SiloStatsGrain.HistoryCapacity);
        Assert.Equal(SiloStatsGrain.HistoryWindow, SiloStatsGrain.HistoryCapacity * SiloStatsGrain.SweepPeriod);
    }

    [Fact]
    public void A_sample_stamped_before_the_latest_takes_the_latest_time_so_times_never_decrease()
    {
        var history = new ClusterHistory(TimeSpan.FromHours(1), capacity: 10);
        history.Add(new ClusterSample { At = Start, Silos = 1 });
        history.Add(new ClusterSample { At = Start.AddSeconds(-3), Silos = 2 });
        Assert.Equal([(Start, 1), (Start, 2)], history.Since(DateTimeOffset.MinValue).Select(s => (s.At, s.Silos)));
    }

    [Fact]
    public void Bad_bounds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterHistory(TimeSpan.Zero, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterHistory(TimeSpan.FromMinutes(1), 0));
    }

    [Fact]
    public void A_sample_sums_the_silos_reports_and_counts_the_gpu_silos()
    {
        SiloReport Report(string silo, string role, int slots, int busy, double fps, double depth) =>
            new() { Silo = silo, Role = role, GpuSlots = slots, BusySlots = busy, FramesPerSecond = fps, DepthFramesPerSecond = depth, Version = "1" };

        var sample = ClusterSample.Of(Start, [Report("a", "gpu", 2, 1, 10.004, 20.5), Report("b", "gpu", 4, 4, 5.5, 0), Report("c", "cpu", 0, 0, 0, 1.25)]);
        Assert.Equal(new ClusterSample { At = Start, Silos = 3, GpuSilos = 2, GpuSlots = 6, BusySlots = 5, FramesPerSecond = 15.5, DepthFramesPerSecond = 21.75 }, sample);
        Assert.Equal(new ClusterSample { At = Start }, ClusterSample.Of(Start, []));
    }
}
