namespace SpatialMe.Cli.Conversion;

/// <summary>What a finished conversion reports.</summary>
public sealed record ConvertSummary(
    string Output,
    int Frames,
    int Shots,
    TimeSpan Wall,
    string DepthEstimator,
    string DepthDescription,
    IReadOnlyDictionary<string, TimeSpan> Stages)
{
    /// <summary>Segments the farm cut the film into (0: converted without the farm).</summary>
    public int Segments { get; init; }

    /// <summary>How the branches were fused: "refiner &lt;weights file&gt;" or "rule-based".</summary>
    public string Fusion { get; init; } = "rule-based";

    public string? JobId { get; init; }

    public string? Store { get; init; }

    public double FramesPerSecond => Wall.TotalSeconds > 0 ? Frames / Wall.TotalSeconds : 0;
}
