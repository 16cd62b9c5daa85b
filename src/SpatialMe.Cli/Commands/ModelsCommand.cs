using System.CommandLine;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme models check &lt;file&gt;</c>: says what a weights file is — a Depth Anything V2 checkpoint (kind,
/// size, tensor and parameter counts, dtype) or SpatialMe refiner weights (network shape, head, inputs, parameters,
/// what it was trained with) — or exactly why it is not a valid one (exit 2), before a long run depends on it.
/// </summary>
public static class ModelsCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "A depth_anything_v2_vit{s,b,l}.pth or .safetensors checkpoint, or refiner weights (models/spatialme-refiner.bin, or a file `spatialme train refiner` wrote)." };
        var check = new Command("check", "Report what a weights file is, or why it is not a valid Depth Anything V2 checkpoint or refiner weights file.") { file };
        check.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                return File.Exists(path) && RefinerWeights.HasMagic(path) ? CheckRefiner(path) : CheckDepth(path);
            }
            catch (Exception ex) when (ex is DepthCheckpointException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                System.Console.Error.WriteLine($"invalid: {ex.Message}");
                return 2;
            }
        });
        return new Command("models", "Inspect learned-model weights files.") { check };
    }

    private static int CheckDepth(string path)
    {
        using var checkpoint = DepthAnythingCheckpoint.Read(path);
        var config = checkpoint.Config;
        Print(
            ("file", checkpoint.Path),
            ("kind", checkpoint.Kind),
            ("model", $"Depth Anything V2 {config.Name} (size {config.SizeLetter})"),
            ("tensors", $"{checkpoint.Tensors.Count}"),
            ("parameters", $"{checkpoint.ParameterCount:N0}"),
            ("dtype", $"{checkpoint.DTypes}"),
            ("network", $"embed {config.EmbedDim}, {config.Depth} blocks, {config.Heads} heads, features {config.Features}"));
        return 0;
    }

    /// <summary>Loads the whole file (every tensor checked against the header's network) and says what it is.</summary>
    private static int CheckRefiner(string path)
    {
        var header = RefinerWeights.ReadHeader(path);
        using var network = RefinerWeights.Load(path);
        var architecture = network.Architecture;
        Print(
            ("file", Path.GetFullPath(path)),
            ("kind", $"SpatialMe MHFU refiner weights (format {header.Format})"),
            ("head", $"{architecture.Output.ToString().ToLowerInvariant()}: {Head(architecture.Output)}"),
            ("inputs", $"{architecture.InputChannels} channels (docs/models.md, \"Inputs\")"),
            ("network", $"base channels {architecture.BaseChannels}, {architecture.Levels} levels"),
            ("parameters", $"{network.ParameterCount:N0}"),
            ("trained", header.Description ?? "(no description)"));
        return 0;
    }

    /// <summary>One "label: value" line each, the values aligned.</summary>
    private static void Print(params (string Label, string Value)[] lines)
    {
        foreach (var (label, value) in lines)
        {
            System.Console.Out.WriteLine($"{label + ":",-12}{value}");
        }
    }

    private static string Head(HeadOutput output) => output switch
    {
        HeadOutput.Choice => "corrects the rule-based fusion; the holes' content is a choice among its background fills (--prior rules --content-choice)",
        HeadOutput.Residual => "corrects the rule-based fusion's masks and content (--prior rules)",
        _ => "the paper's: masks and content directly",
    };
}
