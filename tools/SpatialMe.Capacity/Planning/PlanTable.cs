using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SpatialMe.Capacity.Planning;

/// <summary>Capacity plans as a Markdown table (a column per catalog) or as JSON.</summary>
public static class PlanTable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(IReadOnlyList<CapacityPlan> plans) => JsonSerializer.Serialize(plans, Json);

    public static string Markdown(IReadOnlyList<CapacityPlan> plans)
    {
        var rows = new (string Name, Func<CapacityPlan, string> Cell)[]
        {
            ("catalog", p => Say($"{p.Catalog.Titles:N0} × {p.Catalog.MinutesPerTitle:0.#} min")),
            ("resolution, frame rate", p => Say($"{p.Catalog.Width}×{p.Catalog.Height}, {p.Catalog.FramesPerSecond:0.###} fps")),
            ("deadline", p => Say($"{p.Catalog.DeadlineHours:0.#} h")),
            ("frames / shots / segments per title", p => Say($"{p.FramesPerTitle:N0} / {p.ShotsPerTitle:N0} / {p.SegmentsPerTitle:N0}")),
            ("GPU slot-hours per title", p => Say($"{p.GpuSlotHoursPerTitle:0.0}")),
            ("GPU slot-hours, whole catalog", p => Say($"{p.GpuSlotHoursTotal:N0}")),
            ("**GPU slots / GPU silos**", p => Say($"**{p.GpuSlots:N0} / {p.GpuSilos:N0}**")),
            ("CPU core-hours (planning + stitch)", p => Say($"{p.CpuCoreHoursTotal:N0}")),
            ("**CPU silos**", p => Say($"**{p.CpuSilos:N0}**")),
            ("titles finished per hour", p => Say($"{p.TitlesPerHour:0.##}")),
            ("Redis state writes (total)", p => Say($"{p.StateWritesTotal:N0}")),
            ("Redis state writes/s (average)", p => Say($"{p.StateWritesPerSecond:0.00}")),
            ("Redis operations/s (average)", p => Say($"{p.RedisOpsPerSecond:0.00}")),
            ("Redis write traffic", p => DesignLimits.Rate(p.StateWriteBytesPerSecond * 8)),
            ("Redis memory at the end", p => DesignLimits.Bytes(p.RedisMemoryBytes)),
            ("largest value: coordinator queue", p => DesignLimits.Bytes(p.CoordinatorStateBytes)),
            ("one film job's state", p => DesignLimits.Bytes(p.JobStateBytes)),
            ("blob written (total, average rate)", p => $"{DesignLimits.Bytes(p.BlobBytesWrittenTotal)}, {DesignLimits.Rate(p.BlobWriteBitsPerSecond)}"),
            ("blob read (total, average rate)", p => $"{DesignLimits.Bytes(p.BlobBytesReadTotal)}, {DesignLimits.Rate(p.BlobReadBitsPerSecond)}"),
            ("input downloads per title", p => Say($"{p.BlobInputCopiesPerTitle:0.0}")),
            ("input copies in one GPU silo's scratch", p => DesignLimits.Bytes(p.InputCacheBytesPerGpuSilo)),
            ("intermediates in blob at once (peak)", p => DesignLimits.Bytes(p.BlobIntermediatesPeakBytes)),
            ("design limits reached", p => p.Limits.Count == 0 ? "none" : string.Join("; ", p.Limits)),
        };

        var text = new StringBuilder();
        text.Append("| |").AppendJoin("", plans.Select(p => Say($" {p.Catalog.Titles:N0} titles |"))).Append('\n');
        text.Append("|---|").AppendJoin("", plans.Select(_ => "---:|")).Append('\n');
        foreach (var (name, cell) in rows)
        {
            text.Append("| ").Append(name).Append(" |").AppendJoin("", plans.Select(p => $" {cell(p)} |")).Append('\n');
        }

        return text.ToString();
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
