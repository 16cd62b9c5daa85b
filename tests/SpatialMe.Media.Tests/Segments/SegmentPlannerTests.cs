using SpatialMe.Media.Segments;
using SpatialMe.Media.Shots;

namespace SpatialMe.Media.Tests.Segments;

public sealed class SegmentPlannerTests
{
    private static readonly SegmentPlanOptions Options = new() { SegmentFrames = 100, Overlap = 10 };

    [Fact]
    public void A_short_shot_is_one_segment_and_segments_never_cross_a_cut()
    {
        var shots = new[] { new Shot(0, 60, ShotTransition.Start), new Shot(60, 80, ShotTransition.Cut), new Shot(80, 180, ShotTransition.Dissolve) };
        var plan = SegmentPlanner.Plan(shots, Options);

        Assert.Equal(
            [new Segment(0, 0, 0, 60, 0, 0), new Segment(1, 1, 60, 80, 0, 0), new Segment(2, 2, 80, 180, 0, 0)],
            plan);
    }

    [Fact]
    public void A_long_shot_splits_into_the_fewest_balanced_segments_overlapping_by_K()
    {
        // 250 frames, N = 100, K = 10: 3 segments (3·100 − 2·10 = 280 ≥ 250; 2 would cover only 190).
        // Frames counted with overlaps: 250 + 2·10 = 270 → 90 each: [0,90), [80,170), [160,250).
        var plan = SegmentPlanner.Plan([new Shot(0, 250, ShotTransition.Start)], Options);

        Assert.Equal(
            [new Segment(0, 0, 0, 90, 0, 10), new Segment(1, 0, 80, 170, 10, 10), new Segment(2, 0, 160, 250, 10, 0)],
            plan);
    }

    [Theory]
    [InlineData(1, 100, 10)]
    [InlineData(101, 100, 10)]
    [InlineData(999, 100, 10)]
    [InlineData(5000, 240, 16)]
    [InlineData(17, 2, 0)]
    [InlineData(30, 2, 1)]
    public void Every_frame_is_covered_segments_respect_N_and_neighbours_share_exactly_K(int frames, int n, int k)
    {
        var options = new SegmentPlanOptions { SegmentFrames = n, Overlap = k };
        var plan = SegmentPlanner.Plan([new Shot(0, frames, ShotTransition.Start)], options);

        Assert.Equal(0, plan[0].Start);
        Assert.Equal(frames, plan[^1].End);
        Assert.All(plan, s => Assert.InRange(s.FrameCount, 1, n));
        for (var i = 1; i < plan.Count; i++)
        {
            Assert.Equal(k, plan[i - 1].End - plan[i].Start);
            Assert.True(plan[i].FrameCount > k, "each segment must bring frames of its own");
        }

        Assert.Equal(plan, SegmentPlanner.Plan([new Shot(0, frames, ShotTransition.Start)], options)); // deterministic
    }

    [Theory]
    [InlineData(1, 0, "--segment-frames")]
    [InlineData(100, 51, "--overlap")]
    [InlineData(100, -1, "--overlap")]
    public void Bad_settings_are_rejected_naming_the_option(int n, int k, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => SegmentPlanner.Plan([new Shot(0, 10, ShotTransition.Start)], new SegmentPlanOptions { SegmentFrames = n, Overlap = k }));
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Shots_with_gaps_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => SegmentPlanner.Plan([new Shot(0, 10, ShotTransition.Start), new Shot(12, 20, ShotTransition.Cut)], Options));
        Assert.Contains("contiguous", ex.Message);
    }
}
