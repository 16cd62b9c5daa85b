namespace SpatialMe.Farm.Work;

/// <summary>Assemble the film: cross-fade overlapping rendered frames, pack the stereo format, encode and mux.</summary>
[GenerateSerializer, Immutable]
public sealed record StitchOrder
{
    [Id(0)] public required string JobId { get; init; }

    [Id(1)] public required string Input { get; init; }

    [Id(2)] public required string Output { get; init; }

    [Id(3)] public required string Format { get; init; }

    [Id(4)] public required int StartFrame { get; init; }

    [Id(5)] public required int EndFrame { get; init; }

    /// <summary>Every segment, in frame order.</summary>
    [Id(6)] public required IReadOnlyList<SegmentWork> Segments { get; init; }

    [Id(7)] public required string Codec { get; init; }

    [Id(8)] public required int Crf { get; init; }

    [Id(9)] public required string Preset { get; init; }

    [Id(10)] public required string PixelFormat { get; init; }

    [Id(11)] public required bool Overwrite { get; init; }

    /// <summary>Attempt number (a new attempt restarts the assembly from the first frame).</summary>
    [Id(12)] public int Attempt { get; init; } = 1;

    /// <summary>The job run's trace context (W3C traceparent; null: not traced): the stitch span is its child.</summary>
    [Id(13)] public string? TraceParent { get; init; }
}
