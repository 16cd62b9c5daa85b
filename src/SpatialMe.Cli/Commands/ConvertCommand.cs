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
        var conversion = new ConversionOptions();
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
            store, keep, noFarm,
        };
        conversion.AddTo(command);

        command.SetAction(async (parse, ct) =>
        {
            var stdout = System.Console.Out;
            var stderr = System.Console.Error;
            try
            {
                var (request, plan) = conversion.Read(parse);
                ConvertSummary? summary = null;
                if (parse.GetValue(noFarm))
                {
                    // Loading the models is the check of their files: a bad one fails here, before any frame.
                    var depth = request.Models.CreateDepthEstimator();
                    try
                    {
                        using var refiner = request.Models.CreateRefiner();
                        stdout.WriteLine($"convert: depth {depth.Name}, fusion {request.Models.Fusion}");
                        var converter = new VideoConverter(depth, refiner);
                        await new ProgressReporter(stdout).RunAsync("convert", async report =>
                        {
                            summary = await converter.RunAsync(request, report, ct);
                        });
                    }
                    finally
                    {
                        (depth as IDisposable)?.Dispose();
                    }
                }
                else
                {
                    request.Models.ValidateDepthModel();
                    stdout.WriteLine($"convert: depth {(request.Models.DepthModelPath is { } model ? Path.GetFileName(model) : new CueDepthEstimator().Name)}, fusion {request.Models.Fusion}");
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
        w.WriteLine($"fusion: {s.Fusion}");
        w.WriteLine("stages: " + string.Join(", ", s.Stages.Select(kv => string.Create(c, $"{kv.Key} {kv.Value.TotalSeconds:F1}s"))));
        if (s.JobId is not null)
        {
            w.WriteLine($"farm: job {s.JobId}, store {s.Store}");
        }

        w.WriteLine($"output: {Path.GetFullPath(s.Output)}");
        if (s.Quality is { } qc)
        {
            PrintQuality(w, qc, s.Output);
        }
    }

    /// <summary>The stereo QC in brief: the verdict, the parallax range, and where the full report is.</summary>
    private static void PrintQuality(TextWriter w, ConvertQuality qc, string output)
    {
        var c = CultureInfo.InvariantCulture;
        if (qc.Report is not { } r)
        {
            w.WriteLine($"qc: none ({qc.Note}); `spatialme qc {output}` analyses the output");
            return;
        }

        var verdict = r.Flagged ? string.Create(c, $"FLAGGED, {r.ViolationCount} violation(s): {string.Join(", ", r.Title.ViolationKinds)}") : "no violations";
        w.WriteLine(string.Create(c, $"qc: {verdict}; parallax near {r.Title.NearPercent:F2}% far {r.Title.FarPercent:F2}% of width, largest depth budget {r.Title.MaxBudgetPercent:F2}%"));
        w.WriteLine($"qc report: {qc.HtmlPath} (JSON: {qc.JsonPath}; docs/qc.md)");
    }
}
