using System.CommandLine;
using SpatialMe.Media;
using SpatialMe.Models.Depth;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme depth</c>: one image through Depth Anything V2 exactly as the reference's infer_image, written as a
/// PFM at the image's own size — the output to compare against the reference implementation to check our port.
/// </summary>
public static class DepthCommand
{
    public static Command Build()
    {
        var image = new Argument<string>("image") { Description = "The image (PNG, JPEG, ...)." };
        var model = new Option<string>("--depth-model") { Description = "Depth Anything V2 weights (.pth or .safetensors).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The PFM to write (relative inverse depth, float32).", Required = true };
        var inputSize = new Option<int>("--input-size")
        {
            Description = "Short side of the network input (the reference's input_size).",
            DefaultValueFactory = _ => DepthAnythingPreprocessor.DefaultInputSize,
        };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: libtorch's choice)." };
        var command = new Command("depth", "Write the relative inverse depth Depth Anything V2 gives an image, as a PFM at the image's size.")
        {
            image, model, output, inputSize, threads,
        };

        command.SetAction(parse =>
        {
            try
            {
                var frame = ImageFiles.ReadRgb(parse.GetValue(image)!);
                using var checkpoint = DepthAnythingCheckpoint.Read(parse.GetValue(model)!);
                using var estimator = new DepthAnythingV2Estimator(checkpoint, parse.GetValue(inputSize), parse.GetValue(threads));
                var depth = estimator.Estimate(frame, null);
                ImageFiles.WritePfm(parse.GetValue(output)!, depth);
                System.Console.Out.WriteLine($"{estimator.Name}: {frame.Width}×{frame.Height} → {parse.GetValue(output)} (min {depth.Data.Min():G6}, max {depth.Data.Max():G6})");
                return 0;
            }
            catch (DepthCheckpointException ex)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            catch (Exception ex) when (ex is MediaException or IOException or ArgumentException)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
