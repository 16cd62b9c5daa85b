using System.CommandLine;
using SpatialMe.Cli.Conversion;
using SpatialMe.Media;
using SpatialMe.Media.Segments;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// What to convert and how: the input, output, stereo and encoder settings and the segment plan — shared by
/// <c>convert</c> (embedded farm) and <c>submit</c> (a cluster), so both take the same options with the same defaults.
/// </summary>
internal sealed class ConversionOptions
{
    public ConversionOptions()
    {
        Input = new Argument<string>("input") { Description = "The 2D video to convert (any format ffmpeg reads)." };
        Output = new Option<string?>("--output", "-o")
        {
            Description = "Output video path. Default: beside the input, named <input>.<format>.mp4.",
        };
        Format = new Option<string>("--format", "-f")
        {
            Description = "Stereo layout: full-sbs (left|right, double width), half-sbs (both squeezed into the input width, for 3D TVs), "
                + "full-tb, half-tb (top-bottom), cross (right|left, for cross-eyed viewing), anaglyph (Dubois red-cyan), "
                + "anaglyph-half-color, anaglyph-gray, right (the synthesised right view alone), disparity (the disparity map as grey).",
            DefaultValueFactory = _ => "full-sbs",
        };
        Format.AcceptOnlyFromAmong(Enum.GetValues<StereoFormat>().Select(StereoFormats.ToCliName).ToArray());
        Divergence = new Option<double>("--divergence", "-d")
        {
            Description = "3D strength: disparity range between nearest and farthest, in % of the image width (0-20).",
            DefaultValueFactory = _ => DisparitySettings.DefaultDivergence,
        };
        Convergence = new Option<double>("--convergence", "-c")
        {
            Description = "Screen plane in normalised depth (0 = far plane on screen, everything pops out; 1 = nearest point on screen).",
            DefaultValueFactory = _ => DisparitySettings.DefaultConvergence,
        };
        Start = new Option<string?>("--start") { Description = "First frame to convert: a frame number (120), seconds (4.8s) or a timestamp (00:00:04.8). Default: the first frame." };
        End = new Option<string?>("--end") { Description = "Where to stop (exclusive), same forms as --start. Default: the end of the video." };
        Codec = new Option<string>("--codec") { Description = "Video encoder (e.g. libx264, libx265).", DefaultValueFactory = _ => EncodeSettings.Default.Codec };
        Crf = new Option<int>("--crf") { Description = "Constant rate factor, 0-51 (lower = better quality, larger file).", DefaultValueFactory = _ => EncodeSettings.Default.Crf };
        Preset = new Option<string>("--preset") { Description = "Encoder speed preset (ultrafast … veryslow).", DefaultValueFactory = _ => EncodeSettings.Default.Preset };
        PixelFormat = new Option<string>("--pix-fmt") { Description = "Output pixel format (yuv420p plays everywhere; yuv444p keeps anaglyph colours).", DefaultValueFactory = _ => EncodeSettings.Default.PixelFormat };
        Overwrite = new Option<bool>("--overwrite", "-y") { Description = "Replace the output if it exists (otherwise an existing output is never touched)." };
        SegmentFrames = new Option<int>("--segment-frames")
        {
            Description = "Longest farm segment in frames: long shots are split into segments of at most this many frames (a lost silo costs at most one segment).",
            DefaultValueFactory = _ => SegmentPlanOptions.DefaultSegmentFrames,
        };
        Refiner = new Option<string?>("--refiner")
        {
            Description = "MHFU refiner weights to fuse the inpainting branches with (see `spatialme train refiner`), or 'none' for the rule-based fusion. "
                + $"Default: the refiner shipped with this build ({ShippedRefiner.RelativePath} beside the program) when it has one, else the rule-based fusion.",
        };
        DepthModel = new Option<string?>("--depth-model")
        {
            Description = "Depth Anything V2 checkpoint (.pth or .safetensors, official weights of any size) to estimate depth with. "
                + "Default: the built-in cue-based estimator (no model needed).",
        };
        DepthInputSize = new Option<int>("--depth-input-size")
        {
            Description = "Short side of the depth network's input with --depth-model (larger: finer depth, slower).",
            DefaultValueFactory = _ => DepthAnythingPreprocessor.DefaultInputSize,
        };
        Overlap = new Option<int>("--overlap")
        {
            Description = "Frames shared by consecutive segments of a shot, cross-faded so seams do not show (at most half of --segment-frames).",
            DefaultValueFactory = _ => SegmentPlanOptions.DefaultOverlap,
        };
    }

    public Argument<string> Input { get; }

    public Option<string?> Output { get; }

    public Option<string> Format { get; }

    public Option<double> Divergence { get; }

    public Option<double> Convergence { get; }

    public Option<string?> Start { get; }

    public Option<string?> End { get; }

    public Option<string> Codec { get; }

    public Option<int> Crf { get; }

    public Option<string> Preset { get; }

    public Option<string> PixelFormat { get; }

    public Option<bool> Overwrite { get; }

    public Option<int> SegmentFrames { get; }

    public Option<int> Overlap { get; }

    public Option<string?> Refiner { get; }

    public Option<string?> DepthModel { get; }

    public Option<int> DepthInputSize { get; }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Input);
        foreach (var option in new Option[] { Output, Format, Divergence, Convergence, Start, End, Codec, Crf, Preset, PixelFormat, Overwrite, SegmentFrames, Overlap, Refiner, DepthModel, DepthInputSize })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The request and segment plan the options describe; throws <see cref="ArgumentException"/> naming a bad one,
    /// a missing model file included (before any work).
    /// </summary>
    public (ConvertRequest Request, SegmentPlanOptions Plan) Read(ParseResult parse)
    {
        var stereoFormat = StereoFormats.Parse(parse.GetValue(Format)!);
        var inputPath = parse.GetValue(Input)!;
        var settings = new ConversionSettings
        {
            Format = stereoFormat,
            Disparity = new DisparitySettings { Divergence = parse.GetValue(Divergence), Convergence = parse.GetValue(Convergence) },
        };
        settings.Validate();
        var encode = new EncodeSettings
        {
            Codec = parse.GetValue(Codec)!,
            Crf = parse.GetValue(Crf),
            Preset = parse.GetValue(Preset)!,
            PixelFormat = parse.GetValue(PixelFormat)!,
        };
        encode.Validate();
        var plan = new SegmentPlanOptions { SegmentFrames = parse.GetValue(SegmentFrames), Overlap = parse.GetValue(Overlap) };
        plan.Validate();
        var request = new ConvertRequest(
            inputPath,
            parse.GetValue(Output) ?? ConvertCommand.DefaultOutput(inputPath, stereoFormat),
            settings,
            encode,
            parse.GetValue(Start) is { } s ? FramePosition.Parse(s) : null,
            parse.GetValue(End) is { } e ? FramePosition.Parse(e) : null,
            parse.GetValue(Overwrite))
        {
            Models = ConversionModels.Resolve(parse.GetValue(Refiner), parse.GetValue(DepthModel), parse.GetValue(DepthInputSize)),
        };
        return (request, plan);
    }
}
