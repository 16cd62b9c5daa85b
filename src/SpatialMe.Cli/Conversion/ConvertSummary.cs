using SpatialMe.Stereo.Quality;

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

    /// <summary>The output's stereo QC (the farm makes it after publishing the output); null when converted without the farm.</summary>
    public ConvertQuality? Quality { get; init; }

    public double FramesPerSecond => Wall.TotalSeconds > 0 ? Frames / Wall.TotalSeconds : 0;
}

/// <summary>
/// The stereo QC of a converted output: the report and where its JSON and HTML are kept in the farm store, or why
/// there is none (<see cref="Note"/>).
/// </summary>
public sealed record ConvertQuality(StereoQualityReport? Report, string? Note, string? JsonPath, string? HtmlPath);
