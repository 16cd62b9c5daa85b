using System.CommandLine;
using SpatialMe.Models.Depth;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme models check &lt;file&gt;</c>: says what a weights file is (kind, Depth Anything V2 size, tensor and
/// parameter counts, dtype) or exactly why it is not a valid checkpoint (exit 2), before a long run depends on it.
/// </summary>
public static class ModelsCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "A depth_anything_v2_vit{s,b,l}.pth or .safetensors weights file." };
        var check = new Command("check", "Report what a weights file is, or why it is not a valid Depth Anything V2 checkpoint.") { file };
        check.SetAction(parse =>
        {
            try
            {
                using var checkpoint = DepthAnythingCheckpoint.Read(parse.GetValue(file)!);
                var config = checkpoint.Config;
                System.Console.Out.WriteLine($"file:       {checkpoint.Path}");
                System.Console.Out.WriteLine($"kind:       {checkpoint.Kind}");
                System.Console.Out.WriteLine($"model:      Depth Anything V2 {config.Name} (size {config.SizeLetter})");
                System.Console.Out.WriteLine($"tensors:    {checkpoint.Tensors.Count}");
                System.Console.Out.WriteLine($"parameters: {checkpoint.ParameterCount:N0}");
                System.Console.Out.WriteLine($"dtype:      {checkpoint.DTypes}");
                System.Console.Out.WriteLine($"network:    embed {config.EmbedDim}, {config.Depth} blocks, {config.Heads} heads, features {config.Features}");
                return 0;
            }
            catch (DepthCheckpointException ex)
            {
                System.Console.Error.WriteLine($"invalid: {ex.Message}");
                return 2;
            }
        });
        return new Command("models", "Inspect learned-model weights files.") { check };
    }
}
