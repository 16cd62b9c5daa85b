using System.CommandLine;
using SpatialMe.Capacity.Planning;

namespace SpatialMe.Capacity;

/// <summary>
/// <c>capacity plan</c>: GPU and CPU silos, Redis load and blob bandwidth for a catalog and a deadline. Every cost
/// option's default is a measured figure; its help says where it comes from (and the record's doc comments say more).
/// </summary>
public static class PlanCommand
{
    public static Command Build()
    {
        var catalog = new CatalogSpec();
        var compute = new ComputeCosts();
        var state = new StateCosts();
        var store = new StoreCosts();
        var titles = new Option<int[]>("--titles")
        {
            Description = $"Titles in the catalog, 1 to {CatalogSpec.MaxTitles:N0}; several values give one column each.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [catalog.Titles],
        };
        var minutes = Number("--minutes", "Minutes per title.", catalog.MinutesPerTitle);
        var fps = Number("--fps", "Frame rate.", catalog.FramesPerSecond);
        var width = Whole("--width", "Frame width in pixels.", catalog.Width);
        var height = Whole("--height", "Frame height in pixels.", catalog.Height);
        var deadline = Number("--deadline-hours", "Hours from submitting the catalog to the last title done.", catalog.DeadlineHours);
        var shot = Number("--shot-seconds", "Average shot length (assumed; `spatialme shots <title>` measures a real one).", catalog.AverageShotSeconds);
        var segmentFrames = Whole("--segment-frames", "The farm's --segment-frames.", catalog.SegmentFrames);
        var overlap = Whole("--overlap", "The farm's --overlap.", catalog.Overlap);
        var inputMbps = Number("--input-mbps", "Bit rate of the inputs in blob, Mbit/s (assumed: a mezzanine H.264).", catalog.InputMegabitsPerSecond);
        var depthMs = Number("--depth-ms", "Depth per frame on one slot, ms (docs/performance.md: cues-v1 on 2 cores, 1080p).", compute.DepthMsPerFrame);
        var renderMs = Number("--render-ms", "View synthesis per 1080p frame on one slot, ms, scaled by pixels (docs/performance.md: all stages less depth, 2 cores).", compute.RenderMsPerFrame1080);
        var overhead = Number("--segment-overhead-s", "Farm overhead per segment and phase, s (docs/performance.md: benchmark mode).", compute.SegmentOverheadSeconds);
        var stitch = Number("--stitch-core-ms", "Stitch core-ms per megapixel of frame (docs/performance.md: 5.3 s / 100 frames of 640x360 on 2 cores).", compute.StitchCoreMsPerMegapixelFrame);
        var planning = Number("--planning-core-ms", "Planning core-ms per megapixel of frame (docs/performance.md: 1.3 s / 100 frames of 640x360).", compute.PlanningCoreMsPerMegapixelFrame);
        var slotsPerSilo = Whole("--gpu-slots-per-silo", "GPU slots per GPU silo (the chart's gpuPools[].gpuSlots).", compute.GpuSlotsPerSilo);
        var cpuCores = Number("--cpu-silo-cores", "Cores per CPU silo (the chart's cpuSilo resources).", compute.CpuSiloCores);
        var utilisation = Number("--utilisation", "Share of the deadline the pools are planned busy (assumed).", compute.Utilisation);
        var redisGb = Number("--redis-memory-gb", "Memory Redis may use, GB (decimal).", state.RedisMemoryBudgetBytes / 1e9);
        var scratchGb = Number("--scratch-gb", "Local disk per GPU silo for copies of blob inputs, GB (decimal).", store.ScratchBudgetBytes / 1e9);
        var json = new Option<bool>("--json") { Description = "Print the plans as JSON instead of a Markdown table." };
        var update = new Option<string?>("--update") { Description = "Write the table into this Markdown file between the markers of --section instead of printing it." };
        var section = new Option<string?>("--section") { Description = "With --update: the section's name, between '<!-- NAME:begin -->' and '<!-- NAME:end -->'." };

        var command = new Command("plan", "How many GPU and CPU silos a catalog takes by a deadline, with the Redis load and the blob bandwidth.")
        {
            titles, minutes, fps, width, height, deadline, shot, segmentFrames, overlap, inputMbps,
            depthMs, renderMs, overhead, stitch, planning, slotsPerSilo, cpuCores, utilisation, redisGb, scratchGb, json, update, section,
        };
        command.SetAction(parse =>
        {
            try
            {
                var computeCosts = compute with
                {
                    DepthMsPerFrame = parse.GetValue(depthMs),
                    RenderMsPerFrame1080 = parse.GetValue(renderMs),
                    SegmentOverheadSeconds = parse.GetValue(overhead),
                    StitchCoreMsPerMegapixelFrame = parse.GetValue(stitch),
                    PlanningCoreMsPerMegapixelFrame = parse.GetValue(planning),
                    GpuSlotsPerSilo = parse.GetValue(slotsPerSilo),
                    CpuSiloCores = parse.GetValue(cpuCores),
                    Utilisation = parse.GetValue(utilisation),
                };
                var stateCosts = state with { RedisMemoryBudgetBytes = parse.GetValue(redisGb) * 1e9 };
                var plans = parse.GetValue(titles)!.Select(n => CapacityPlanner.Plan(
                    catalog with
                    {
                        Titles = n,
                        MinutesPerTitle = parse.GetValue(minutes),
                        FramesPerSecond = parse.GetValue(fps),
                        Width = parse.GetValue(width),
                        Height = parse.GetValue(height),
                        DeadlineHours = parse.GetValue(deadline),
                        AverageShotSeconds = parse.GetValue(shot),
                        SegmentFrames = parse.GetValue(segmentFrames),
                        Overlap = parse.GetValue(overlap),
                        InputMegabitsPerSecond = parse.GetValue(inputMbps),
                    },
                    computeCosts, stateCosts, store with { ScratchBudgetBytes = parse.GetValue(scratchGb) * 1e9 })).ToList();
                var text = parse.GetValue(json) ? PlanTable.ToJson(plans) + "\n" : PlanTable.Markdown(plans);
                if (parse.GetValue(update) is not { } target)
                {
                    Console.Out.Write(text);
                    return 0;
                }

                var name = parse.GetValue(section) ?? throw new ArgumentException("--update needs --section: the name of the markers to write between.");
                File.WriteAllText(target, MarkdownSection.Replace(File.ReadAllText(target), name, text));
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {parse.GetValue(update)}: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static Option<double> Number(string name, string description, double fallback) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };

    private static Option<int> Whole(string name, string description, int fallback) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };
}
