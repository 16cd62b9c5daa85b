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
    public double FramesPerSecond => Wall.TotalSeconds > 0 ? Frames / Wall.TotalSeconds : 0;
}
