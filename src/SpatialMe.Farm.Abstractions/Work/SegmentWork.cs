using SpatialMe.Farm.Jobs;

namespace SpatialMe.Farm.Work;

/// <summary>
/// One segment's work order, by reference: frame ranges, settings and media-store keys — never frames. The same
/// order always gives the same committed output, so any silo may run it and a retry overwrites rather than adds.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SegmentWork
{
    [Id(0)] public required string JobId { get; init; }

    [Id(1)] public required int Index { get; init; }

    [Id(2)] public required int Shot { get; init; }

    /// <summary>The shot's first frame (depth of a segment that starts later reads one frame before its start for
    /// motion, as the unsegmented pipeline would).</summary>
    [Id(3)] public required int ShotStart { get; init; }

    [Id(4)] public required int Start { get; init; }

    [Id(5)] public required int End { get; init; }

    [Id(6)] public required string Input { get; init; }

    [Id(7)] public required string Format { get; init; }

    [Id(8)] public required double Divergence { get; init; }

    [Id(9)] public required double Convergence { get; init; }

    /// <summary>Raw depth of the segment's frames (written by the depth phase).</summary>
    [Id(10)] public required string DepthKey { get; init; }

    /// <summary>Per-frame robust depth ranges (written with the depth).</summary>
    [Id(11)] public required string RangesKey { get; init; }

    /// <summary>The shot's normalisation and seam alignment (written by the stitcher before any render).</summary>
    [Id(12)] public required string AlignKey { get; init; }

    /// <summary>The rendered views (written by the render phase).</summary>
    [Id(13)] public required string ViewsKey { get; init; }

    /// <summary>Which run of the job this is (a finished job submitted again starts a new generation from scratch).</summary>
    [Id(14)] public int Generation { get; init; }

    /// <summary>The job's learned models (null: cue-based depth, rule-based fusion); the workers load them.</summary>
    [Id(15)] public JobModels? Models { get; init; }

    /// <summary>The job run's trace context (W3C traceparent; null: not traced): the segment's spans are its children.</summary>
    [Id(16)] public string? TraceParent { get; init; }

    public int FrameCount => End - Start;
}
