using SpatialMe.Media;
using SpatialMe.Models.Refiner;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class TrainCommandTests
{
    /// <summary>Writes Middlebury-style scenes (im0.png, im1.png, disp0.pfm): rectangles in front of a background at
    /// disparity 0, the right view drawn with each rectangle d px further left so it has true content in the
    /// disocclusions.</summary>
    internal static void WriteScenes(string folder)
    {
        var scenes = new[] { (X: 20, Y: 14, W: 24, H: 20, D: 6, Seed: 3), (X: 10, Y: 8, W: 18, H: 16, D: 5, Seed: 7) };
        for (var i = 0; i < scenes.Length; i++)
        {
            var o = scenes[i];
            var left = new LayeredScene(64, 48, backgroundDisparity: 0).Add(o.X, o.Y, o.W, o.H, o.D, o.Seed);
            var right = new LayeredScene(64, 48, backgroundDisparity: 0).Add(o.X - o.D, o.Y, o.W, o.H, o.D, o.Seed, textureShift: -o.D);
            var dir = Directory.CreateDirectory(Path.Combine(folder, $"scene{i}")).FullName;
            ImageFiles.WritePng(Path.Combine(dir, "im0.png"), left.Left());
            ImageFiles.WritePng(Path.Combine(dir, "im1.png"), right.Left());
            ImageFiles.WritePfm(Path.Combine(dir, "disp0.pfm"), left.Disparity());
        }
    }

    [Fact]
    public void Train_refiner_on_a_folder_of_pairs_writes_weights_the_refiner_loads_a_loss_csv_a_curve_and_a_checkpoint()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        WriteScenes(data);
        var weights = dir.File("refiner.bin");
        var result = CliRunner.Run("train", "refiner", "--data", data, "--out", weights, "--steps", "4", "--batch", "1", "--crop", "32",
            "--base-channels", "4", "--levels", "3", "--checkpoint-every", "2", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("perceptual (VGG19) term is off", result.Stdout.Split('\n')[0], StringComparison.Ordinal);

        using (var refiner = MhfuRefiner.Load(weights))
        {
            Assert.Equal(new MhfuArchitecture(RefinerInputs.Channels, 4, 3), refiner.Architecture);
        }

        Assert.Equal(5, File.ReadAllLines(weights + ".losses.csv").Length);
        Assert.True(new FileInfo(weights + ".losses.png").Length > 0);
        Assert.True(File.Exists(Path.Combine(weights + ".checkpoint", "state.json")));

        // Resuming to 6 steps adds exactly steps 5 and 6 to the log; another architecture is refused.
        var resumed = CliRunner.Run("train", "refiner", "--data", data, "--out", weights, "--steps", "6", "--batch", "1", "--crop", "32",
            "--base-channels", "4", "--levels", "3", "--threads", "1", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], File.ReadAllLines(weights + ".losses.csv").Skip(1).Select(l => l.Split(',')[0]));

        var mismatched = CliRunner.Run("train", "refiner", "--data", data, "--out", weights, "--steps", "8", "--batch", "1", "--crop", "32",
            "--base-channels", "8", "--levels", "3", "--threads", "1", "--resume");
        Assert.Equal(2, mismatched.ExitCode);
        Assert.Contains("base channels 4 and levels 3 (the paper's head), not base channels 8", mismatched.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_with_validation_scores_the_held_out_pairs_and_keeps_the_best_weights()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var held = Path.Combine(dir.Path, "held");
        WriteScenes(data);
        WriteScenes(held);
        Directory.Delete(Path.Combine(held, "scene0"), recursive: true);
        var weights = dir.File("refiner.bin");
        // A network that corrects the rules (--prior rules), which starts as the rule-based fusion.
        var result = CliRunner.Run("train", "refiner", "--data", data, "--validation", held, "--validate-every", "2", "--out", weights,
            "--steps", "3", "--batch", "1", "--crop", "32", "--base-channels", "4", "--levels", "3", "--threads", "1", "--visible-weight", "0.5", "--prior", "rules", "--colour-jitter", "0.2", "--relative-l1");
        Assert.True(result.ExitCode == 0, result.All);
        string[] lines = ["visible pixels 0.5; each crop's weighed by the rules' L1 on it", "colour jitter 0.2: each crop's channels in a random order", "1 validation examples, scored every 2 steps", "validation at step 0: L1 ", "validation at step 2: L1 ", "validation at step 3: L1 ", "best on validation"];
        Assert.All(lines, line => Assert.Contains(line, result.Stdout, StringComparison.Ordinal));
        Assert.Equal(["step,l1,best", "0", "2", "3"], File.ReadAllLines(weights + ".validation.csv").Select((l, i) => i == 0 ? l : l.Split(',')[0]));
        using (var refiner = MhfuRefiner.Load(weights))
        {
            Assert.Equal(new MhfuArchitecture(RefinerInputs.ChannelsWithRules, 4, 3, HeadOutput.Residual), refiner.Architecture);
        }

        var resumedWithoutRules = CliRunner.Run("train", "refiner", "--data", data, "--out", weights, "--steps", "4", "--batch", "1", "--crop", "32",
            "--base-channels", "4", "--levels", "3", "--threads", "1", "--visible-weight", "0.5", "--resume");
        Assert.Equal(2, resumedWithoutRules.ExitCode);
        Assert.Contains("(correcting the rule-based fusion, --prior rules), not base channels 4 and levels 3 (the paper's head)", resumedWithoutRules.Stderr, StringComparison.Ordinal);

        var empty = Directory.CreateDirectory(Path.Combine(dir.Path, "empty")).FullName;
        var none = CliRunner.Run("train", "refiner", "--data", data, "--validation", empty, "--out", dir.File("w.bin"), "--steps", "1", "--crop", "32");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("the validation data", none.Stderr, StringComparison.Ordinal);
        var badWeight = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--visible-weight", "11", "--crop", "32");
        Assert.Equal(2, badWeight.ExitCode);
        Assert.Contains("visible pixels' weight must be between 0 and", badWeight.Stderr, StringComparison.Ordinal);
        var badJitter = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--colour-jitter", "2", "--crop", "32");
        Assert.Equal(2, badJitter.ExitCode);
        Assert.Contains("colour jitter must be between 0 and 1, got 2", badJitter.Stderr, StringComparison.Ordinal);
        var disparityWithoutRules = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--disparity-input", "--crop", "32");
        Assert.Equal(2, disparityWithoutRules.ExitCode);
        Assert.Contains("Only a network that corrects the rules (--prior rules) reads the disparity", disparityWithoutRules.Stderr, StringComparison.Ordinal);
        var relativeWithoutRules = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--relative-l1", "--crop", "32");
        Assert.Equal(2, relativeWithoutRules.ExitCode);
        Assert.Contains("needs a network that corrects the rules (--prior rules)", relativeWithoutRules.Stderr, StringComparison.Ordinal);
        var choiceWithoutRules = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--content-choice", "--crop", "32");
        Assert.Equal(2, choiceWithoutRules.ExitCode);
        Assert.Contains("--content-choice picks how a network that corrects the rules fills the holes: it needs --prior rules", choiceWithoutRules.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--disparity-input", RefinerInputs.ChannelsWithDisparity, HeadOutput.Residual, "20 input channels (with the relative disparity)")]
    [InlineData("--content-choice", RefinerInputs.ChannelsWithFills, HeadOutput.Choice, "23 input channels (with the relative disparity and the naive fill; the holes' content is a choice among the background fills)")]
    public void A_refiner_trained_with_more_inputs_keeps_them_in_its_file_and_eval_feeds_them(string option, int channels, HeadOutput head, string announced)
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        WriteScenes(data);
        var weights = dir.File("refiner.bin");

        var result = CliRunner.Run("train", "refiner", "--data", data, "--out", weights, "--steps", "2", "--batch", "1", "--crop", "32",
            "--base-channels", "4", "--levels", "3", "--threads", "1", "--prior", "rules", option);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains(announced, result.Stdout, StringComparison.Ordinal);
        using (var refiner = MhfuRefiner.Load(weights))
        {
            Assert.Equal(new MhfuArchitecture(channels, 4, 3, head), refiner.Architecture);
        }

        var eval = CliRunner.Run("eval", Path.Combine(data, "scene0"), "--refiner", weights, "--json");
        Assert.True(eval.ExitCode == 0, eval.All);
        Assert.Contains("\"refiner\"", eval.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_refuses_a_missing_data_folder_and_one_without_usable_examples()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run("train", "refiner", "--data", dir.File("nowhere"), "--out", dir.File("w.bin"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("is not a folder", missing.Stderr, StringComparison.Ordinal);

        var data = Path.Combine(dir.Path, "data");
        WriteScenes(data);
        var tooSmall = CliRunner.Run("train", "refiner", "--data", data, "--out", dir.File("w.bin"), "--crop", "256");
        Assert.Equal(2, tooSmall.ExitCode);
        Assert.Contains("no usable example", tooSmall.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_takes_pairs_without_ground_truth_side_by_side_videos_and_mono_images_and_videos_for_warp_back()
    {
        using var dir = new TempDirectory();
        var stereo = Directory.CreateDirectory(Path.Combine(dir.Path, "stereo")).FullName;
        var mono = Directory.CreateDirectory(Path.Combine(dir.Path, "mono")).FullName;

        // A pair folder without ground truth (disparity by stereo matching) ...
        var left = new LayeredScene(96, 64, backgroundDisparity: 0).Add(30, 16, 36, 30, 7, 3);
        var right = new LayeredScene(96, 64, backgroundDisparity: 0).Add(23, 16, 36, 30, 7, 3, textureShift: -7);
        var pair = Directory.CreateDirectory(Path.Combine(stereo, "pair")).FullName;
        ImageFiles.WritePng(Path.Combine(pair, "left.png"), left.Left());
        ImageFiles.WritePng(Path.Combine(pair, "right.png"), right.Left());

        // ... a full side-by-side video of the same pair (3 frames) ...
        var frames = Directory.CreateDirectory(Path.Combine(dir.Path, "frames")).FullName;
        ImageFiles.WritePng(Path.Combine(frames, "l.png"), left.Left());
        ImageFiles.WritePng(Path.Combine(frames, "r.png"), right.Left());
        TestClips.RunFFmpeg(["-v", "error", "-y", "-loop", "1", "-i", Path.Combine(frames, "l.png"), "-loop", "1", "-i", Path.Combine(frames, "r.png"),
            "-filter_complex", "hstack=inputs=2", "-frames:v", "3", "-c:v", "ffv1", Path.Combine(stereo, "sbs.mkv")]);

        // ... and, for warp-back, a photo and a video.
        ImageFiles.WritePng(Path.Combine(mono, "photo.png"), left.Left());
        TestClips.Create(mono, width: 96, height: 64, seconds: 0.2, container: "mkv", lossless: true, name: "walk");

        var weights = dir.File("refiner.bin");
        var result = CliRunner.Run("train", "refiner", "--data", stereo, "--mono", mono, "--out", weights, "--steps", "2", "--batch", "2", "--crop", "32",
            "--base-channels", "4", "--levels", "3", "--threads", "1", "--frames-per-video", "2", "--warp-back-share", "0.5");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("pair (stereo pair, disparity by stereo matching), 96x64", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("sbs.mkv frame 0 (full side-by-side, disparity by stereo matching), 96x64", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("photo.png (warp-back, cues-v1 depth, divergence", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("walk.mkv frame 1 (warp-back", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 stereo and 3 warp-back examples; 50 % of crops from warp-back", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(weights));

        // Half side-by-side: each half is stretched back to the full width.
        var half = CliRunner.Run("train", "refiner", "--data", stereo, "--out", dir.File("half.bin"), "--steps", "1",
            "--batch", "1", "--crop", "32", "--base-channels", "4", "--levels", "3", "--threads", "1", "--frames-per-video", "1", "--sbs-layout", "half");
        Assert.True(half.ExitCode == 0, half.All);
        Assert.Contains("(half side-by-side, disparity by stereo matching), 192x64", half.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_without_any_data_option_says_what_to_give()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("train", "refiner", "--out", dir.File("w.bin"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--data", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--mono", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_makes_warp_back_pairs_with_a_depth_model_when_given_one()
    {
        using var dir = new TempDirectory();
        var mono = Directory.CreateDirectory(Path.Combine(dir.Path, "mono")).FullName;
        ImageFiles.WritePng(Path.Combine(mono, "photo.png"), new LayeredScene(96, 64, backgroundDisparity: 0).Add(30, 16, 36, 30, 7, 3).Left());
        var model = dir.File("tiny.safetensors");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(model, DepthCommandTests.TinyWeights());

        var result = CliRunner.Run("train", "refiner", "--mono", mono, "--depth-model", model, "--depth-input-size", "42", "--out", dir.File("w.bin"),
            "--steps", "1", "--batch", "1", "--crop", "32", "--base-channels", "4", "--levels", "3", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("photo.png (warp-back, depth-anything-v2-", result.Stdout, StringComparison.Ordinal);

        var missing = CliRunner.Run("train", "refiner", "--mono", mono, "--depth-model", dir.File("nowhere.pth"), "--out", dir.File("w2.bin"), "--crop", "32");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere.pth", missing.Stderr, StringComparison.Ordinal);
    }
}
