namespace SpatialMe.Capacity.Planning;

/// <summary>
/// What a frame and a segment cost in compute time, and how the pools are cut. The defaults are the figures measured in
/// docs/performance.md (Debian 12 VM, 2 cores, AMD EPYC, 2026-11-25): no GPU has been measured yet, so a "GPU slot"
/// here is as fast as those two CPU cores until you pass your GPU's per-frame times (measure them with
/// <c>tools/bench-stages.sh</c> on the GPU node, or the farm's benchmark mode).
/// </summary>
public sealed record ComputeCosts
{
    /// <summary>Resolution the per-frame defaults were measured at (1920×1080).</summary>
    public const double ReferenceMegapixels = 1920 * 1080 / 1e6;

    /// <summary>
    /// Depth per frame on one slot. cues-v1 works at 352 px whatever the input, so this does not scale with the
    /// resolution. Default: "depth (cues-v1)", all cores, 134 ms (docs/performance.md, per-stage table, 2026-11-25).
    /// </summary>
    public double DepthMsPerFrame { get; init; } = 134;

    /// <summary>
    /// View synthesis per 1080p frame on one slot (normalise, warps, three branches, fusion, pack); scaled by pixel
    /// count. Default: "all stages" 935 ms minus depth 134 ms, all cores (docs/performance.md, 2026-11-25).
    /// </summary>
    public double RenderMsPerFrame1080 { get; init; } = 801;

    /// <summary>
    /// The farm's own cost per segment and phase on a slot (commits, polls, intermediates). Default: 0.75 s, from the
    /// benchmark-mode runs of tools/bench-farm.sh (docs/performance.md, "Farm scaling", 2026-11-25).
    /// </summary>
    public double SegmentOverheadSeconds { get; init; } = 0.75;

    /// <summary>
    /// Stitch (decode the input and the views, align seams, pack, libx264 encode, mux) in core-milliseconds per
    /// megapixel of input frame. Default: 5.3 s for 100 frames of 640×360 on 2 cores with one GPU silo
    /// (docs/performance.md, "Farm scaling", real compute, 2026-11-25) = 53 ms × 2 cores / 0.2304 MP.
    /// </summary>
    public double StitchCoreMsPerMegapixelFrame { get; init; } = 460;

    /// <summary>
    /// Planning (probe and shot detection, a thumbnail decode of the whole film) in core-milliseconds per megapixel
    /// of input frame, one core. Default: 1.3 s for 100 frames of 640×360 (same run) = 13 ms / 0.2304 MP.
    /// </summary>
    public double PlanningCoreMsPerMegapixelFrame { get; init; } = 56;

    /// <summary>Depth/render units per GPU silo (the chart's <c>gpuPools[].gpuSlots</c>).</summary>
    public int GpuSlotsPerSilo { get; init; } = 1;

    /// <summary>CPU cores of one CPU silo (the chart's <c>cpuSilo.resources</c>).</summary>
    public double CpuSiloCores { get; init; } = 4;

    /// <summary>
    /// Share of the deadline the pools are planned busy (an assumption, not a measurement): the rest absorbs retries,
    /// rolling restarts, and slots idle while admitted titles plan or stitch.
    /// </summary>
    public double Utilisation { get; init; } = 0.8;

    public void Validate()
    {
        CatalogSpec.Require(DepthMsPerFrame >= 0, $"depth ms per frame must not be negative, got {DepthMsPerFrame}.");
        CatalogSpec.Require(RenderMsPerFrame1080 >= 0, $"render ms per frame must not be negative, got {RenderMsPerFrame1080}.");
        CatalogSpec.Require(DepthMsPerFrame + RenderMsPerFrame1080 > 0, "depth and render ms per frame cannot both be 0.");
        CatalogSpec.Require(SegmentOverheadSeconds >= 0, $"segment overhead must not be negative, got {SegmentOverheadSeconds} s.");
        CatalogSpec.Require(StitchCoreMsPerMegapixelFrame >= 0, $"stitch cost must not be negative, got {StitchCoreMsPerMegapixelFrame}.");
        CatalogSpec.Require(PlanningCoreMsPerMegapixelFrame >= 0, $"planning cost must not be negative, got {PlanningCoreMsPerMegapixelFrame}.");
        CatalogSpec.Require(GpuSlotsPerSilo >= 1, $"GPU slots per silo must be at least 1, got {GpuSlotsPerSilo}.");
        CatalogSpec.Require(CpuSiloCores > 0, $"CPU silo cores must be positive, got {CpuSiloCores}.");
        CatalogSpec.Require(Utilisation is > 0 and <= 1, $"utilisation must be in (0, 1], got {Utilisation}.");
    }
}
