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
        var command = new Command("refiner", "Train the MHFU refiner: the left view of each pair goes through the warp and the three inpainting branches; the real right view is the target.")
        {
            data, output, steps, batch, crop, seed, threads, baseChannels, levels, checkpointEvery, resume,
        };

        command.SetAction(parse =>
        {
            var examples = new List<TrainingExample>();
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
                var dataPath = parse.GetValue(data)!;
                var outPath = parse.GetValue(output)!;

                // The perceptual term needs VGG19 weights, which this command cannot load yet: say so first.
                System.Console.Out.WriteLine("losses: 10·L1 (occlusion-weighted, α = 10) + 0.1·adversarial; the perceptual (VGG19) term is off (no VGG19 weights loader yet)");
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
                        $"step {losses.Step}/{total}: L1 {losses.OcclusionWeightedL1:F5}, adversarial {losses.Adversarial:F4}, discriminator {losses.Discriminator:F4}, {perSecond:F2} examples/s, eta {remaining:hh\\:mm\\:ss}"));
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
            }
        });
        return command;
    }
}
