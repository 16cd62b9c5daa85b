using System.Text.Json;
using SpatialMe.Capacity.Planning;
using SpatialMe.Media.Segments;
using SpatialMe.Media.Shots;

namespace SpatialMe.Tools.Tests;

/// <summary>The capacity plan's arithmetic on inputs whose answers are worked out by hand here.</summary>
public class CapacityPlannerTests
{
    // 10 titles × 10 min at 24 fps, 1080p, 10 s shots (240 frames: one segment each), a 10 h deadline.
    private static readonly CatalogSpec Catalog = new()
    {
        Titles = 10,
        MinutesPerTitle = 10,
        FramesPerSecond = 24,
        Width = 1920,
        Height = 1080,
        DeadlineHours = 10,
        AverageShotSeconds = 10,
        SegmentFrames = 240,
        Overlap = 16,
        InputMegabitsPerSecond = 20,
    };

    private static readonly ComputeCosts Compute = new()
    {
        DepthMsPerFrame = 100,
        RenderMsPerFrame1080 = 900,
        SegmentOverheadSeconds = 0.5,
        StitchCoreMsPerMegapixelFrame = 400,
        PlanningCoreMsPerMegapixelFrame = 100,
        GpuSlotsPerSilo = 2,
        CpuSiloCores = 4,
        Utilisation = 1,
    };

    private static readonly StoreCosts Store = new()
    {
        DepthBytesPerMegapixelFrame = 1e6,
        ViewsBytesPerMegapixelFrame = 5e5,
        OutputBytesPerMegapixelFrame = 1e5,
        SmallObjectBytesPerSegment = 1000,
    };

    [Fact]
    public void A_title_is_cut_into_shots_and_segments_and_its_gpu_time_sized_into_slots_and_silos()
    {
        var plan = CapacityPlanner.Plan(Catalog, Compute, new StateCosts(), Store);

        Assert.Equal(14_400, plan.FramesPerTitle);      // 10 min × 60 s × 24 fps
        Assert.Equal(60, plan.ShotsPerTitle);           // 14,400 / 240
        Assert.Equal(60, plan.SegmentsPerTitle);        // a 240-frame shot is one segment
        Assert.Equal(14_400, plan.FramesComputedPerTitle);
        // 14,400 frames × (100 + 900 ms) + 60 segments × 2 phases × 0.5 s = 14,460 slot-seconds a title.
        Assert.Equal(14_460 / 3600.0, plan.GpuSlotHoursPerTitle, 9);
        // 144,600 slot-seconds in 36,000 s at full use: 4.02 → 5 slots, 2 per silo → 3 silos.
        Assert.Equal(5, plan.GpuSlots);
        Assert.Equal(3, plan.GpuSilos);
        // Planning + stitch: 14,400 × 2.0736 MP × 500 core-ms = 14,929.92 core-s a title; × 10 in 36,000 s × 4 cores → 2 silos.
        Assert.Equal(149_299.2 / 3600, plan.CpuCoreHoursTotal, 6);
        Assert.Equal(2, plan.CpuSilos);
        Assert.Equal(1.0, plan.TitlesPerHour, 9);
    }

    [Fact]
    public void Render_time_scales_with_the_pixels_and_depth_time_does_not()
    {
        var half = CapacityPlanner.Plan(Catalog with { Width = 960, Height = 540 }, Compute, new StateCosts(), Store);

        // 14,400 × (100 + 900 / 4 ms) + 60 s = 4,740 slot-seconds.
        Assert.Equal(4_740 / 3600.0, half.GpuSlotHoursPerTitle, 9);
    }

    [Fact]
    public void Long_shots_add_the_overlaps_to_the_frames_computed_and_the_segments()
    {
        // 30 s shots = 720 frames: ceil((720 − 16) / 224) = 4 segments, 3 overlaps of 16 frames computed twice.
        var plan = CapacityPlanner.Plan(Catalog with { AverageShotSeconds = 30 }, Compute, new StateCosts(), Store);

        Assert.Equal(20, plan.ShotsPerTitle);
        Assert.Equal(80, plan.SegmentsPerTitle);
        Assert.Equal(14_400 + (20 * 3 * 16), plan.FramesComputedPerTitle);
    }

    [Theory]
    [InlineData(66, 24, 4)]
    [InlineData(34, 24, 4)]
    [InlineData(240, 240, 16)]
    [InlineData(241, 240, 16)]
    [InlineData(720, 240, 16)]
    [InlineData(5000, 240, 16)]
    [InlineData(100, 10, 5)]
    public void Segments_per_shot_match_the_farms_segment_planner(int shotFrames, int segmentFrames, int overlap)
    {
        var real = SegmentPlanner.Plan([new Shot(0, shotFrames, ShotTransition.Start)], new SegmentPlanOptions { SegmentFrames = segmentFrames, Overlap = overlap });

        Assert.Equal(real.Count, CapacityPlanner.SegmentsPerShot(shotFrames, segmentFrames, overlap));
    }

    [Fact]
    public void Redis_writes_memory_and_the_coordinators_value_follow_from_the_grains_writes()
    {
        var state = new StateCosts();
        var plan = CapacityPlanner.Plan(Catalog, Compute, state, Store);

        // Per title: coordinator 3 + job 4 + job 2 × 60 + segments 6 × 60 = 487; 10 titles.
        Assert.Equal(4_870, plan.StateWritesTotal);
        Assert.Equal(4_870 / 36_000.0, plan.StateWritesPerSecond, 9);
        Assert.Equal(288 + (10 * 2_560), plan.CoordinatorStateBytes);
        Assert.Equal(2_336 + (60 * 1_024), plan.JobStateBytes);
        var expectedMemory = 1_465_992 + (288 + 25_600) + (0 + 9_120) + (10 * ((2_336 + 61_440) + (60 * 1_328))) + ((3 + 2) * 480);
        Assert.Equal(expectedMemory, plan.RedisMemoryBytes, 6);
    }

    [Fact]
    public void The_write_counts_reproduce_the_redis_commands_counted_in_the_measured_runs()
    {
        // tools/measure-farm-io.sh: one title cut into 6 segments → 55 state writes; into 12 → 102 (the model gives 103).
        var state = new StateCosts();
        double Writes(int segments) => state.CoordinatorWritesPerTitle + state.CatalogWritesPerTitle + state.JobWritesPerTitle
            + (segments * (state.JobWritesPerSegment + state.SegmentWritesPerSegment));

        Assert.Equal(55, Writes(6));
        Assert.InRange(Writes(12), 102, 103);
    }

    [Fact]
    public void Blob_traffic_counts_intermediates_once_written_and_read_and_the_input_once_per_silo_that_used_it()
    {
        var plan = CapacityPlanner.Plan(Catalog, Compute, new StateCosts(), Store);
        var megapixelFrames = 14_400 * 2.0736;
        var depth = megapixelFrames * 1e6;
        var views = megapixelFrames * 5e5;
        var output = megapixelFrames * 1e5;
        var small = 60 * 1000.0;
        var input = 20e6 / 8 * 600;               // 20 Mbit/s for 10 minutes
        var copies = 2 + (3 * (1 - Math.Pow(2.0 / 3, 120))); // planning, stitch, and (nearly) all 3 GPU silos

        Assert.Equal(10 * (depth + views + output + small), plan.BlobBytesWrittenTotal, 0);
        Assert.Equal(10 * (depth + views + small + (copies * input)), plan.BlobBytesReadTotal, 0);
        Assert.Equal(copies, plan.BlobInputCopiesPerTitle, 9);
        Assert.Equal(plan.BlobBytesWrittenTotal * 8 / 36_000, plan.BlobWriteBitsPerSecond, 3);
        Assert.Equal(5 * (depth + views + small), plan.BlobIntermediatesPeakBytes, 0); // 5 slots: 5 titles running at once
    }

    [Theory]
    [InlineData(1, 1)]   // one segment: its render reads its own depth
    [InlineData(2, 6)]   // two renders read both (4), the one seam reads both (2)
    [InlineData(4, 16)]  // the measured run's long shot: renders 2+3+3+2, seams 3 × 2
    public void Depth_is_read_by_the_renders_and_the_seams_of_a_shot(int segments, int reads)
    {
        Assert.Equal(reads, StoreCosts.DepthReadsPerSegment(segments) * segments, 9);
    }

    [Fact]
    public void A_studio_catalog_of_ten_thousand_titles_reaches_the_designs_limits_and_a_small_one_none()
    {
        var small = CapacityPlanner.Plan(new CatalogSpec { Titles = 1, DeadlineHours = 720 }, new ComputeCosts(), new StateCosts(), new StoreCosts());
        var studio = CapacityPlanner.Plan(new CatalogSpec { Titles = 10_000, DeadlineHours = 720 }, new ComputeCosts(), new StateCosts(), new StoreCosts());

        Assert.Empty(small.Limits);
        Assert.Contains(studio.Limits, l => l.Contains("coordinator's queue", StringComparison.Ordinal));
        Assert.Contains(studio.Limits, l => l.Contains("egress", StringComparison.Ordinal));
        Assert.Contains(studio.Limits, l => l.Contains("input copies", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "titles must be between 1 and 10000")]
    [InlineData(10_001, "titles must be between 1 and 10000")]
    public void A_catalog_outside_the_planned_range_is_refused_naming_the_titles(int titles, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => CapacityPlanner.Plan(Catalog with { Titles = titles }, Compute, new StateCosts(), Store));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_are_refused_naming_the_input()
    {
        Assert.Contains("overlap", Assert.Throws<ArgumentException>(() =>
            CapacityPlanner.Plan(Catalog with { Overlap = 121 }, Compute, new StateCosts(), Store)).Message, StringComparison.Ordinal);
        Assert.Contains("deadline", Assert.Throws<ArgumentException>(() =>
            CapacityPlanner.Plan(Catalog with { DeadlineHours = 0 }, Compute, new StateCosts(), Store)).Message, StringComparison.Ordinal);
        Assert.Contains("utilisation", Assert.Throws<ArgumentException>(() =>
            CapacityPlanner.Plan(Catalog, Compute with { Utilisation = 1.5 }, new StateCosts(), Store)).Message, StringComparison.Ordinal);
        Assert.Contains("GPU slots per silo", Assert.Throws<ArgumentException>(() =>
            CapacityPlanner.Plan(Catalog, Compute with { GpuSlotsPerSilo = 0 }, new StateCosts(), Store)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_carries_every_figure_of_the_table()
    {
        var plan = CapacityPlanner.Plan(Catalog, Compute, new StateCosts(), Store);
        using var json = JsonDocument.Parse(PlanTable.ToJson([plan]));
        var first = json.RootElement[0];

        Assert.Equal(3, first.GetProperty("gpuSilos").GetInt32());
        Assert.Equal(4_870, first.GetProperty("stateWritesTotal").GetInt64());
        Assert.Equal(10, first.GetProperty("catalog").GetProperty("titles").GetInt32());
        Assert.Contains("| **GPU slots / GPU silos** | **5 / 3** |", PlanTable.Markdown([plan]), StringComparison.Ordinal);
    }
}
