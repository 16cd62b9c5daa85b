using System.CommandLine;
using System.Globalization;
using SpatialMe.Cli.Console;
using SpatialMe.Cli.Conversion;
using SpatialMe.Cli.Training;
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
        train.Subcommands.Add(TrainScenesCommand.Build());
        return train;
    }

    private static Command BuildRefiner()
    {
        var data = new Option<string?>("--data") { Description = "Stereo training data, searched recursively: scene folders with ground truth as `spatialme eval` reads them (left.png, right.png, disparity_left.png|.pfm; or im0.png, im1.png, disp0.pfm), pair folders without it (left.* + right.*, or im0.* + im1.*; disparity by OpenCV stereo matching) and side-by-side stereo videos (disparity by stereo matching). The target is the real right view." };
        var mono = new Option<string?>("--mono") { Description = "Images and videos (any, searched recursively) made into pairs by the warp-back trick: each is warped to the left eye with its estimated disparity and rendered back; the holes of the round trip are real-looking disocclusions whose true content is the original." };
        var warpBackShare = new Option<double>("--warp-back-share") { Description = "Share of training crops drawn from the warp-back (--mono) examples when there are both kinds (0..1).", DefaultValueFactory = _ => 0.5 };
        var sbsLayout = new Option<SbsLayout>("--sbs-layout") { Description = "How the side-by-side videos in --data pack their views: full (each half a whole view) or half (each half squeezed to half width).", DefaultValueFactory = _ => SbsLayout.Full };
        var framesPerVideo = new Option<int>("--frames-per-video") { Description = "Frames taken from each video, spread evenly over it.", DefaultValueFactory = _ => 12 };
        var maxWidth = new Option<int>("--max-width") { Description = "Video frames, mono images and pairs without ground truth wider than this are scaled down to it.", DefaultValueFactory = _ => 960 };
        var warpBackDivergence = new Option<double>("--warp-back-divergence") { Description = "Mean divergence (% of the width) of the warp-back pairs; each image draws its own between 0.5x and 1.5x of it.", DefaultValueFactory = _ => 3.0 };
        var depthModel = new Option<string?>("--depth-model") { Description = "A Depth Anything V2 checkpoint (.pth or .safetensors) to make the warp-back pairs' depth with, instead of the default cue-based estimator: learned depth puts the round trip's holes at object edges." };
        var depthInputSize = new Option<int>("--depth-input-size") { Description = "Short side of the depth network's input (multiple of 14).", DefaultValueFactory = _ => 518 };
        var prior = new Option<string>("--prior") { Description = "Where the fusion starts. rules: the network learns corrections to the rule-based fusion's masks and content, which it also reads (six more input channels), and starts as exactly that fusion. de: the paper's network, masks starting at the DE branch. neutral: the paper's network, masks at ½ each.", DefaultValueFactory = _ => "de" };
        prior.AcceptOnlyFromAmong("rules", "de", "neutral");
        var validationData = new Option<string?>("--validation") { Description = "Held-out stereo data (read as --data reads it; never trained on) that the run scores itself on at its start and every --validate-every steps. The weights file then holds the network that scored best (early stopping), not the last one; scores go to <out>.validation.csv." };
        var validateEvery = new Option<int>("--validate-every") { Description = "Steps between validation scores (with --validation).", DefaultValueFactory = _ => 250 };
        var rimRadius = new Option<int>("--rim-radius") { Description = "Rim radius of the tiled inference the refiner is trained for (as convert's): the losses score the network's fusion within this many pixels of the holes and the temporal branch elsewhere.", DefaultValueFactory = _ => RefinerOptions.DefaultRimRadius };
        var visibleWeight = new Option<double>("--visible-weight") { Description = "Weight of visible pixels in the L1 term (occluded pixels weigh 10; the paper's eq. 8 gives visible ones 1). 0 judges the fill of the holes alone and leaves the masks around them to the other terms.", DefaultValueFactory = _ => 1.0 };
        var adversarialWeight = new Option<double>("--adversarial-weight") { Description = "Weight of the adversarial term (the paper's 0.1; 0 turns it and the discriminator's influence off).", DefaultValueFactory = _ => 0.1 };
        var colourJitter = new Option<double>("--colour-jitter")
        {
            Description = "Colour augmentation of the training crops, 0-1: a random channel order and random gains up to exp(±strength) per channel and overall, "
                + "applied alike to every branch result and the target, so the choice of branch is learned from structure, not from the colours of the scenes trained on. 0 (default): off.",
            DefaultValueFactory = _ => 0.0,
        };
        var relativeL1 = new Option<bool>("--relative-l1")
        {
            Description = "Weigh each crop's L1 by the rule-based fusion's L1 on it (not in the paper; needs --prior rules): a crop the rules already fill well "
                + "counts as much, per unit of relative error, as one they fill badly, so gains on hard holes are not bought with losses on easy ones. Off by default.",
        };
        var disparityInput = new Option<bool>("--disparity-input")
        {
            Description = "Give the network the warped disparity too, relative to the frame's (one more input channel; not in the paper; needs --prior rules), "
                + "so that it can tell which side of a hole is the background the hole must show. Stored in the weights file: convert and eval feed it. Off by default.",
        };
        var contentChoice = new Option<bool>("--content-choice")
        {
            Description = "Let the network choose the content of the holes among the background-only fills the rules take the median of (DE, the temporal branch's, the naive fill) "
                + "instead of correcting it freely (not in the paper; needs --prior rules; reads the relative disparity and the naive fill, 23 input channels), so a hole can only mix backgrounds. "
                + "Stored in the weights file. Off by default.",
        };
        var ssimWeight = new Option<double>("--ssim-weight") { Description = "Weight of a structural term, the mean (1 − SSIM)/2 over the holes, SSIM as eval measures it (not in the paper; 0, the default, leaves it out). It judges structure where the perceptual term would, for runs without VGG19 weights.", DefaultValueFactory = _ => 0.0 };
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
        var command = new Command("refiner", "Train the MHFU refiner: the left view of each pair goes through the warp and the three inpainting branches, and the refiner learns to fuse them into the true right view (the real right view of a stereo pair, or the original image of a warp-back pair).")
        {
            data, mono, validationData, validateEvery, rimRadius, visibleWeight, adversarialWeight, ssimWeight, colourJitter, relativeL1, disparityInput, contentChoice, warpBackShare, sbsLayout, framesPerVideo, maxWidth, warpBackDivergence, output, steps, batch, crop, seed, threads, baseChannels, levels, checkpointEvery, resume, prior, vgg19, depthModel, depthInputSize,
        };

        command.SetAction(async (parse, cancellation) =>
        {
            var examples = new List<TrainingExample>();
            var held = new List<TrainingExample>();
            Vgg19Weights.Loaded? perceptual = null;
            try
            {
                var options = new RefinerTrainingOptions
                {
                    Architecture = MhfuArchitecture.For(Head(parse.GetValue(prior), parse.GetValue(contentChoice)), parse.GetValue(baseChannels), parse.GetValue(levels), parse.GetValue(disparityInput)),
                    Crop = parse.GetValue(crop),
                    Batch = parse.GetValue(batch),
                    Seed = parse.GetValue(seed),
                    WarpBackShare = parse.GetValue(warpBackShare),
                    StartAtDisparityExpansion = parse.GetValue(prior) == "de",
                    RimRadius = parse.GetValue(rimRadius),
                    VisibleWeight = parse.GetValue(visibleWeight),
                    AdversarialWeight = parse.GetValue(adversarialWeight),
                    SsimWeight = parse.GetValue(ssimWeight),
                    ColourJitter = parse.GetValue(colourJitter),
                    RelativeL1 = parse.GetValue(relativeL1),
                };
                options.Validate();
                // Loaded before the data, so a bad file stops the run before anything slow is done.
                var vggPath = parse.GetValue(vgg19);
                perceptual = vggPath is null ? null : Vgg19Weights.Read(vggPath);
                options = options with { Vgg19 = perceptual?.Network };
                var dataPath = parse.GetValue(data);
                var monoPath = parse.GetValue(mono);
                var outPath = parse.GetValue(output)!;
                if (dataPath is null && monoPath is null)
                {
                    throw new ArgumentException("give training data: --data (stereo pairs, side-by-side videos) and/or --mono (images and videos for warp-back pairs).");
                }

                // The weights' folder is made now, not found missing after the examples took minutes to build.
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);

                var dataOptions = new TrainingDataOptions
                {
                    Crop = options.Crop,
                    MaxWidth = parse.GetValue(maxWidth),
                    FramesPerVideo = parse.GetValue(framesPerVideo),
                    SbsLayout = parse.GetValue(sbsLayout),
                    WarpBackDivergence = parse.GetValue(warpBackDivergence),
                    WithRules = options.Architecture.CorrectsRules,
                    Seed = options.Seed,
                };
                if (dataOptions.MaxWidth < options.Crop || dataOptions.FramesPerVideo < 1 || !(dataOptions.WarpBackDivergence > 0))
                {
                    throw new ArgumentException("--max-width must be at least the crop size, --frames-per-video at least 1 and --warp-back-divergence positive.");
                }

                // Which loss terms are on comes first: a run without the perceptual term is easy to start by mistake.
                var contentTerms = string.Create(CultureInfo.InvariantCulture, $"losses: 10·L1 (occlusion-weighted, α = 10, visible pixels {options.VisibleWeight}{(options.RelativeL1 ? "; each crop's weighed by the rules' L1 on it" : "")})")
                    + (options.SsimWeight > 0 ? string.Create(CultureInfo.InvariantCulture, $" + {options.SsimWeight}·(1 − SSIM)/2 in the holes") : "");
                System.Console.Out.WriteLine(perceptual is null
                    ? string.Create(CultureInfo.InvariantCulture, $"{contentTerms} + {options.AdversarialWeight}·adversarial; the perceptual (VGG19) term is off: no VGG19 weights file was given (--vgg19)")
                    : string.Create(CultureInfo.InvariantCulture, $"{contentTerms} + {options.PerceptualWeight}·perceptual + {options.AdversarialWeight}·adversarial; perceptual (VGG19 conv2_1/conv3_1/conv4_1, weight {options.PerceptualWeight}) on: {vggPath} ({perceptual.UnusedTensors} tensors of the file unused)"));
                if (options.ColourJitter > 0)
                {
                    System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"colour jitter {options.ColourJitter}: each crop's channels in a random order, with gains up to exp(±{options.ColourJitter}) per channel and overall"));
                }

                void Say(string line) => System.Console.Out.WriteLine(line);
                if (dataPath is not null)
                {
                    examples.AddRange(await TrainingData.LoadStereoAsync(dataPath, dataOptions, Say, cancellation));
                }

                if (monoPath is not null)
                {
                    // The depth a conversion would use with the same options (cue-based without --depth-model).
                    var depth = ConversionModels.Resolve(ShippedRefiner.None, parse.GetValue(depthModel), parse.GetValue(depthInputSize)).CreateDepthEstimator();
                    using var disposeDepth = depth as IDisposable;
                    examples.AddRange(await TrainingData.LoadMonoAsync(monoPath, dataOptions, Say, cancellation, depth));
                }

                if (examples.Count == 0)
                {
                    throw new ArgumentException($"{string.Join(" and ", new[] { dataPath, monoPath }.Where(p => p is not null).Select(p => $"'{p}'"))} hold no usable example (none found, or all smaller than the crop size {options.Crop}).");
                }

                var validationPath = parse.GetValue(validationData);
                RefinerValidation? validation = null;
                if (validationPath is not null)
                {
                    held.AddRange(await TrainingData.LoadStereoAsync(validationPath, dataOptions, Say, cancellation));
                    validation = new RefinerValidation(held, parse.GetValue(validateEvery));
                    if (held.Count == 0)
                    {
                        throw new ArgumentException($"the validation data '{validationPath}' holds no usable example (none found, or all smaller than the crop size {options.Crop}).");
                    }

                    validation.Validate();
                    Say($"{held.Count} validation examples, scored every {validation.Every} steps; {outPath} will hold the best-scoring weights");
                }

                var stereoCount = examples.Count(e => e.Kind == ExampleKind.Stereo);
                var warpBackCount = examples.Count - stereoCount;
                var share = stereoCount == 0 ? 1 : warpBackCount == 0 ? 0 : options.WarpBackShare;
                Say(string.Create(CultureInfo.InvariantCulture, $"{stereoCount} stereo and {warpBackCount} warp-back examples; {100 * share:F0} % of crops from warp-back"));
                System.Console.Out.WriteLine($"{examples.Count} examples; network base channels {options.Architecture.BaseChannels}, levels {options.Architecture.Levels}, {options.Architecture.InputChannels} input channels{(options.Architecture.ReadsFills ? " (with the relative disparity and the naive fill; the holes' content is a choice among the background fills)" : options.Architecture.ReadsDisparity ? " (with the relative disparity)" : "")}");
                var total = parse.GetValue(steps);
                void Train(RefinerTrainingRun.Progress progress) =>
                    RefinerTrainingRun.Run(examples, options, outPath, total, parse.GetValue(checkpointEvery), parse.GetValue(resume), parse.GetValue(threads), progress, cancellation, validation, Scored);
                long? bestStep = null;
                void Scored(long step, double loss, bool best)
                {
                    bestStep = best ? step : bestStep;
                    Say(string.Create(CultureInfo.InvariantCulture, $"validation at step {step}: L1 {loss:F5}{(best ? " (best so far: weights written)" : string.Empty)}"));
                }

                if (ProgressReporter.IsInteractive)
                {
                    // A live bar on a terminal: steps of this run (a resumed run counts from where it starts) and the losses.
                    long? first = null;
                    await new ProgressReporter(System.Console.Out, unit: "steps").RunAsync("training", report => Task.Run(() => Train((losses, perSecond, remaining) =>
                    {
                        first ??= losses.Step - 1;
                        report((int)(losses.Step - first.Value), (int)(total - first.Value), string.Create(CultureInfo.InvariantCulture, $"L1 {losses.OcclusionWeightedL1:F4}"));
                    })));
                }
                else
                {
                    var lastLine = DateTime.MinValue;
                    Train((losses, perSecond, remaining) =>
                    {
                        if (losses.Step != total && DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(5))
                        {
                            return;
                        }

                        lastLine = DateTime.UtcNow;
                        System.Console.Out.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"step {losses.Step}/{total}: {LossSummary(losses)}, {perSecond:F2} examples/s, eta {remaining:hh\\:mm\\:ss}"));
                    });
                }

                System.Console.Out.WriteLine(validation is null
                    ? $"wrote {outPath}, {RefinerTrainingRun.LossCsv(outPath)}, {RefinerTrainingRun.LossPlot(outPath)}"
                    : $"wrote {outPath} (the weights of step {bestStep?.ToString(CultureInfo.InvariantCulture) ?? "(an earlier run's)"}, best on validation), {RefinerTrainingRun.ValidationCsv(outPath)}, {RefinerTrainingRun.LossCsv(outPath)}, {RefinerTrainingRun.LossPlot(outPath)}");
                return 0;
            }
            catch (Exception ex) when (ex is MediaException or ArgumentException or InvalidDataException or IOException)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            finally
            {
                examples.ForEach(e => e.Dispose());
                held.ForEach(e => e.Dispose());
                perceptual?.Network.Dispose();
            }
        });
        return command;
    }

    /// <summary>The head --prior and --content-choice ask for; a choice of content is a way of correcting the rules.</summary>
    private static HeadOutput Head(string? prior, bool contentChoice) =>
        prior != "rules" ? (contentChoice ? throw new ArgumentException("--content-choice picks how a network that corrects the rules fills the holes: it needs --prior rules.") : HeadOutput.Absolute)
        : contentChoice ? HeadOutput.Choice : HeadOutput.Residual;

    private static string LossSummary(StepLosses losses) => string.Create(
        CultureInfo.InvariantCulture,
        $"L1 {losses.OcclusionWeightedL1:F5}, perceptual {losses.Perceptual:F4}, {(losses.Structural > 0 ? $"ssim term {losses.Structural:F4}, " : "")}adversarial {losses.Adversarial:F4}, discriminator {losses.Discriminator:F4}");
}
