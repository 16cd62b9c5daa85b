using System.CommandLine;
using System.Globalization;
using SpatialMe.Cli.Evaluation;
using SpatialMe.Media;
using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme train refiner</c>: trains the MHFU refiner on stereo pairs with ground-truth disparity (the scene
/// folders <c>spatialme eval</c> reads) and writes a weights file the converter's refiner loads as is.
/// </summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var train = new Command("train", "Train the learned models.");
        train.Subcommands.Add(BuildRefiner());
        return train;
    }

    private static Command BuildRefiner()
    {
        var data = new Option<string>("--data") { Description = "A scene folder or a folder of scene folders (left.png, right.png, disparity_left.png|.pfm; or im0.png, im1.png, disp0.pfm), as `spatialme eval` reads them.", Required = true };
        var output = new Option<string>("--out") { Description = "The weights file to write; <out>.losses.csv, <out>.losses.png and <out>.checkpoint/ go beside it.", Required = true };
        var steps = new Option<int>("--steps") { Description = "Total training steps.", DefaultValueFactory = _ => 10_000 };
        var batch = new Option<int>("--batch") { Description = "Crops per step.", DefaultValueFactory = _ => 4 };
        var crop = new Option<int>("--crop") { Description = "Side of the square training crops (a multiple of 8 and of the network's downsampling factor).", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { Description = "Seeds the initial weights and every crop, so a run repeats.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0: one per core).", DefaultValueFactory = _ => 0 };
        var baseChannels = new Option<int>("--base-channels") { Description = "The network's channels at full resolution.", DefaultValueFactory = _ => MhfuArchitecture.Default.BaseChannels };
        var levels = new Option<int>("--levels") { Description = "The network's encoder levels.", DefaultValueFactory = _ => MhfuArchitecture.Default.Levels };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints in <out>.checkpoint/ (0: only at the end).", DefaultValueFactory = _ => 500 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run from <out>.checkpoint/ (same settings) up to --steps." };
        var vgg19 = new Option<string?>("--vgg19") { Description = "torchvision's VGG19 ImageNet weights (vgg19-dcbb9e9d.pth re-saved in PyTorch's zip format, or as safetensors): turns on the perceptual loss (weight 2). Never downloaded." };
        var command = new Command("refiner", "Train the MHFU refiner: the left view of each pair goes through the warp and the three inpainting branches; the real right view is the target.")
        {
            data, output, steps, batch, crop, seed, threads, baseChannels, levels, checkpointEvery, resume, vgg19,
        };

        command.SetAction(parse =>
        {
            var examples = new List<TrainingExample>();
            Vgg19Weights.Loaded? perceptual = null;
            try
            {
                var options = new RefinerTrainingOptions
                {
                    Architecture = new MhfuArchitecture(RefinerInputs.Channels, parse.GetValue(baseChannels), parse.GetValue(levels)),
                    Crop = parse.GetValue(crop),
                    Batch = parse.GetValue(batch),
                    Seed = parse.GetValue(seed),
                };
                options.Validate();
                // Loaded before the data, so a bad file stops the run before anything slow is done.
                var vggPath = parse.GetValue(vgg19);
                perceptual = vggPath is null ? null : Vgg19Weights.Read(vggPath);
                options = options with { Vgg19 = perceptual?.Network };
                var dataPath = parse.GetValue(data)!;
                var outPath = parse.GetValue(output)!;

                // Which loss terms are on comes first: a run without the perceptual term is easy to start by mistake.
                System.Console.Out.WriteLine(perceptual is null
                    ? "losses: 10·L1 (occlusion-weighted, α = 10) + 0.1·adversarial; the perceptual (VGG19) term is off: no VGG19 weights file was given (--vgg19)"
                    : string.Create(CultureInfo.InvariantCulture, $"losses: 10·L1 (occlusion-weighted, α = 10) + {options.PerceptualWeight}·perceptual + 0.1·adversarial; perceptual (VGG19 conv2_1/conv3_1/conv4_1, weight {options.PerceptualWeight}) on: {vggPath} ({perceptual.UnusedTensors} tensors of the file unused)"));
                foreach (var folder in SceneLoader.FindScenes(dataPath))
                {
                    var scene = SceneLoader.LoadFolder(folder, null);
                    if (scene.Left.Width < options.Crop || scene.Left.Height < options.Crop)
                    {
                        System.Console.Out.WriteLine($"skipped {scene.Name}: {scene.Left.Width}x{scene.Left.Height} is smaller than the crop size {options.Crop}");
                        continue;
                    }

                    examples.Add(StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity));
                }

                if (examples.Count == 0)
                {
                    throw new ArgumentException($"'{dataPath}' holds no usable example: every scene is smaller than the crop size {options.Crop}.");
                }

                System.Console.Out.WriteLine($"{examples.Count} examples; network base channels {options.Architecture.BaseChannels}, levels {options.Architecture.Levels}");
                var lastLine = DateTime.MinValue;
                var total = parse.GetValue(steps);
                RefinerTrainingRun.Run(examples, options, outPath, total, parse.GetValue(checkpointEvery), parse.GetValue(resume), parse.GetValue(threads), (losses, perSecond, remaining) =>
                {
                    if (losses.Step != total && DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(5))
                    {
                        return;
                    }

                    lastLine = DateTime.UtcNow;
                    System.Console.Out.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"step {losses.Step}/{total}: L1 {losses.OcclusionWeightedL1:F5}, perceptual {losses.Perceptual:F4}, adversarial {losses.Adversarial:F4}, discriminator {losses.Discriminator:F4}, {perSecond:F2} examples/s, eta {remaining:hh\\:mm\\:ss}"));
                });
                System.Console.Out.WriteLine($"wrote {outPath}, {RefinerTrainingRun.LossCsv(outPath)}, {RefinerTrainingRun.LossPlot(outPath)}");
                return 0;
            }
            catch (Exception ex) when (ex is MediaException or ArgumentException or InvalidDataException)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            finally
            {
                examples.ForEach(e => e.Dispose());
                perceptual?.Network.Dispose();
            }
        });
        return command;
    }
}
