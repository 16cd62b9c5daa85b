using System.CommandLine;
using System.Globalization;
using SpatialMe.Cli.Console;
using SpatialMe.Cli.Conversion;
using SpatialMe.Farm.Hosting;
using SpatialMe.Media;
using SpatialMe.Media.Segments;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme convert</c>: one 2D video in, one stereo video out, on this machine.</summary>
public static class ConvertCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("input") { Description = "The 2D video to convert (any format ffmpeg reads)." };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Output video path. Default: beside the input, named <input>.<format>.mp4.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Stereo layout: full-sbs (left|right, double width), half-sbs (both squeezed into the input width, for 3D TVs), "
                + "full-tb, half-tb (top-bottom), cross (right|left, for cross-eyed viewing), anaglyph (Dubois red-cyan), "
                + "anaglyph-half-color, anaglyph-gray, right (the synthesised right view alone), disparity (the disparity map as grey).",
            DefaultValueFactory = _ => "full-sbs",
        };
        format.AcceptOnlyFromAmong(Enum.GetValues<StereoFormat>().Select(StereoFormats.ToCliName).ToArray());
        var divergence = new Option<double>("--divergence", "-d")
        {
            Description = "3D strength: disparity range between nearest and farthest, in % of the image width (0-20).",
            DefaultValueFactory = _ => DisparitySettings.DefaultDivergence,
        };
        var convergence = new Option<double>("--convergence", "-c")
        {
            Description = "Screen plane in normalised depth (0 = far plane on screen, everything pops out; 1 = nearest point on screen).",
            DefaultValueFactory = _ => DisparitySettings.DefaultConvergence,
        };
        var start = new Option<string?>("--start") { Description = "First frame to convert: a frame number (120), seconds (4.8s) or a timestamp (00:00:04.8). Default: the first frame." };
        var end = new Option<string?>("--end") { Description = "Where to stop (exclusive), same forms as --start. Default: the end of the video." };
        var codec = new Option<string>("--codec") { Description = "Video encoder (e.g. libx264, libx265).", DefaultValueFactory = _ => EncodeSettings.Default.Codec };
        var crf = new Option<int>("--crf") { Description = "Constant rate factor, 0-51 (lower = better quality, larger file).", DefaultValueFactory = _ => EncodeSettings.Default.Crf };
        var preset = new Option<string>("--preset") { Description = "Encoder speed preset (ultrafast … veryslow).", DefaultValueFactory = _ => EncodeSettings.Default.Preset };
        var pixelFormat = new Option<string>("--pix-fmt") { Description = "Output pixel format (yuv420p plays everywhere; yuv444p keeps anaglyph colours).", DefaultValueFactory = _ => EncodeSettings.Default.PixelFormat };
        var overwrite = new Option<bool>("--overwrite", "-y") { Description = "Replace the output if it exists (otherwise an existing output is never touched)." };
        var segmentFrames = new Option<int>("--segment-frames")
        {
            Description = "Longest farm segment in frames: long shots are split into segments of at most this many frames (a lost silo costs at most one segment).",
            DefaultValueFactory = _ => SegmentPlanOptions.DefaultSegmentFrames,
        };
        var overlap = new Option<int>("--overlap")
        {
            Description = "Frames shared by consecutive segments of a shot, cross-faded so seams do not show (at most half of --segment-frames).",
            DefaultValueFactory = _ => SegmentPlanOptions.DefaultOverlap,
        };
        var store = new Option<string?>("--store")
        {
            Description = "Folder of the embedded farm's job state and intermediate media (default: $SPATIALME_STORE, else ~/.local/share/spatialme/farm). "
                + "Running the same command again resumes from it.",
        };
        var keep = new Option<bool>("--keep-intermediates") { Description = "Keep the job's depth and rendered segments in the store after it is done." };
        var noFarm = new Option<bool>("--no-farm")
        {
            Description = "Convert in this process as one stream, without the embedded farm (no segments, no resume); for debugging and comparison.",
        };

        var command = new Command(
            "convert",
            "Convert a 2D video to stereo 3D with the SpatialMe method (depth → warp → Poly, temporal and DE inpainting → fusion). "
            + "Runs on an embedded farm silo: shots are cut into overlapping segments, rendered and stitched; Ctrl-C cancels, and the same command resumes.")
        {
            input, output, format, divergence, convergence, start, end, codec, crf, preset, pixelFormat, overwrite, segmentFrames, overlap, store, keep, noFarm,
        };

        command.SetAction(async (parse, ct) =>
        {
            var stdout = System.Console.Out;
            var stderr = System.Console.Error;
            try
            {
                var stereoFormat = StereoFormats.Parse(parse.GetValue(format)!);
                var inputPath = parse.GetValue(input)!;
                var settings = new ConversionSettings
                {
                    Format = stereoFormat,
                    Disparity = new DisparitySettings { Divergence = parse.GetValue(divergence), Convergence = parse.GetValue(convergence) },
                };
                settings.Validate();
                var encode = new EncodeSettings
                {
                    Codec = parse.GetValue(codec)!,
                    Crf = parse.GetValue(crf),
                    Preset = parse.GetValue(preset)!,
                    PixelFormat = parse.GetValue(pixelFormat)!,
                };
                encode.Validate();
                var request = new ConvertRequest(
                    inputPath,
                    parse.GetValue(output) ?? DefaultOutput(inputPath, stereoFormat),
                    settings,
                    encode,
                    parse.GetValue(start) is { } s ? FramePosition.Parse(s) : null,
                    parse.GetValue(end) is { } e ? FramePosition.Parse(e) : null,
                    parse.GetValue(overwrite));

                var plan = new SegmentPlanOptions { SegmentFrames = parse.GetValue(segmentFrames), Overlap = parse.GetValue(overlap) };
                plan.Validate();
                ConvertSummary? summary = null;
                if (parse.GetValue(noFarm))
                {
                    var converter = new VideoConverter(new CueDepthEstimator());
                    await new ProgressReporter(stdout).RunAsync("convert", async report =>
                    {
                        summary = await converter.RunAsync(request, report, ct);
                    });
                }
                else
                {
                    var farm = new FarmConverter(parse.GetValue(store) ?? EmbeddedFarm.DefaultStore(), plan.SegmentFrames, plan.Overlap, parse.GetValue(keep));
                    await new ProgressReporter(stdout).RunAsync("convert", async (Action<int, int, string?> report) =>
                    {
                        summary = await farm.RunAsync(request, report, ct);
                    });
                }

                PrintSummary(stdout, summary!);
                return 0;
            }
            catch (Exception ex) when (ex is MediaException or ArgumentException or FormatException or IOException)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return ex is ArgumentException or FormatException ? 2 : 1;
            }
            catch (OperationCanceledException ex)
            {
                stderr.WriteLine(ex.Message.StartsWith("cancelled", StringComparison.Ordinal) ? ex.Message : "cancelled: no output was written.");
                return 130;
            }
        });
        return command;
    }

    internal static string DefaultOutput(string input, StereoFormat format)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(input))!;
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(input)}.{StereoFormats.ToCliName(format)}.mp4");
    }

    private static void PrintSummary(TextWriter w, ConvertSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        var segments = s.Segments > 0 ? string.Create(c, $", {s.Segments} segment(s)") : string.Empty;
        w.WriteLine(string.Create(c, $"done: {s.Frames} frames, {s.Shots} shot(s){segments}, {s.FramesPerSecond:F2} fps, wall time {s.Wall:hh\\:mm\\:ss\\.f}"));
        w.WriteLine($"depth: {s.DepthEstimator} ({s.DepthDescription})");
        w.WriteLine("stages: " + string.Join(", ", s.Stages.Select(kv => string.Create(c, $"{kv.Key} {kv.Value.TotalSeconds:F1}s"))));
        if (s.JobId is not null)
        {
            w.WriteLine($"farm: job {s.JobId}, store {s.Store}");
        }

        w.WriteLine($"output: {Path.GetFullPath(s.Output)}");
    }
}
