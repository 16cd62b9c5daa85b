using SpatialMe.Media;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Cli.Conversion;

/// <summary>One `spatialme convert` run: where from, where to, which frames, and how.</summary>
public sealed record ConvertRequest(
    string Input,
    string Output,
    ConversionSettings Settings,
    EncodeSettings Encode,
    Commands.FramePosition? Start,
    Commands.FramePosition? End,
    bool Overwrite)
{
    /// <summary>The learned models (default: cue-based depth, rule-based fusion).</summary>
    public ConversionModels Models { get; init; } = ConversionModels.None;
}
