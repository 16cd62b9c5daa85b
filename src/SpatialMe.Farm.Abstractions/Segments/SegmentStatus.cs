namespace SpatialMe.Farm.Segments;

/// <summary>Where one segment is: shot, frame range, stage, silo, attempts and why it last failed.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentStatus
{
    [Id(0)] public int Index { get; init; }

    [Id(1)] public int Shot { get; init; }

    /// <summary>First input frame.</summary>
    [Id(2)] public int Start { get; init; }

    /// <summary>Input frame after the last.</summary>
    [Id(3)] public int End { get; init; }

    [Id(4)] public SegmentStage Stage { get; init; }

    /// <summary>The silo that ran (or runs) the latest attempt.</summary>
    [Id(5)] public string? Silo { get; init; }

    /// <summary>Attempts started over all phases (first tries included).</summary>
    [Id(6)] public int Attempts { get; init; }

    /// <summary>Attempts that failed with an error (not counting work lost with a silo).</summary>
    [Id(7)] public int SoftFails { get; init; }

    [Id(8)] public string? LastError { get; init; }

    /// <summary>Frames of the current phase done.</summary>
    [Id(9)] public int FramesDone { get; init; }

    /// <summary>Times the depth and render phases were started (a resumed job shows that committed work was not redone).</summary>
    [Id(10)] public int DepthRuns { get; init; }

    [Id(11)] public int RenderRuns { get; init; }

    /// <summary>Wall-clock time the segment's depth and render work took on the silos (committed attempts).</summary>
    [Id(12)] public TimeSpan DepthTime { get; init; }

    [Id(13)] public TimeSpan RenderTime { get; init; }

    /// <summary>Every attempt of every phase, oldest first (at most <c>FilmJobGrain.MaxHistory</c> kept).</summary>
    [Id(14)] public IReadOnlyList<SegmentAttempt> History { get; init; } = [];
}
