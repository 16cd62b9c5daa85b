using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Stereo.Tests.Pipeline;

/// <summary>Stage timings keep, per stage, its busy time and the window from its first call to its last (the farm's stage spans).</summary>
public sealed class StageTimingsTests
{
    [Fact]
    public async Task Windows_span_first_call_to_last_with_the_busy_time_inside_in_order_of_first_call()
    {
        var timings = new StageTimings();
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await timings.MeasureAsync("decode", () => Task.Delay(20));
            timings.Measure("warp", () =>
            {
                Thread.Sleep(10);
                return 0;
            });
            Thread.Sleep(15); // time outside every stage
        }

        var after = DateTimeOffset.UtcNow;
        var windows = timings.Windows;

        Assert.Equal(["decode", "warp"], windows.Select(w => w.Stage));
        var decode = windows[0];
        var warp = windows[1];
        Assert.Equal(3, decode.Calls);
        Assert.Equal(3, warp.Calls);
        Assert.True(decode.Start < warp.Start, "decode ran first");
        Assert.All(windows, w =>
        {
            Assert.InRange(w.Start, before.AddMilliseconds(-5), after);
            Assert.InRange(w.End, w.Start, after.AddMilliseconds(5));
            Assert.True(w.Busy <= w.End - w.Start + TimeSpan.FromMilliseconds(1), $"{w.Stage}: busy {w.Busy} beyond its window");
        });

        // The windows hold the waits between calls; busy time does not.
        Assert.True(decode.Busy >= TimeSpan.FromMilliseconds(55), $"decode busy {decode.Busy}");
        Assert.True(decode.End - decode.Start >= decode.Busy + TimeSpan.FromMilliseconds(40), "decode's window includes the time between its calls");
        Assert.Equal(warp.Busy, timings["warp"]);
    }

    [Fact]
    public void Stages_outside_the_pipeline_list_are_measured_but_the_summary_keeps_its_stages()
    {
        var timings = new StageTimings();
        timings.Measure("upload", () => 1);

        Assert.Equal(StageTimings.Stages, timings.All.Keys);
        Assert.Equal(["upload"], timings.Windows.Select(w => w.Stage));
        Assert.Equal(TimeSpan.Zero, timings["nothing"]);
        Assert.Empty(new StageTimings().Windows);
    }
}
