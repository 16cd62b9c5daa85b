namespace SpatialMe.Farm.Work;

/// <summary>Analyse a finished job's output (stereo QC) and store its report under the two keys.</summary>
[GenerateSerializer, Immutable]
public sealed record QualityOrder
{
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The published output (local path or blob URI).</summary>
    [Id(1)] public required string Output { get; init; }

    /// <summary>The output's stereo format (CLI name).</summary>
    [Id(2)] public required string Format { get; init; }

    /// <summary>Output frames where rendered segments meet.</summary>
    [Id(3)] public IReadOnlyList<int> SeamFrames { get; init; } = [];

    [Id(4)] public required string JsonKey { get; init; }

    [Id(5)] public required string HtmlKey { get; init; }

    /// <summary>Attempt number (a new attempt restarts the analysis).</summary>
    [Id(6)] public int Attempt { get; init; } = 1;

    /// <summary>The job's generation: a finished job run again from scratch is analysed again, never answered from before.</summary>
    [Id(7)] public int Generation { get; init; }
}
