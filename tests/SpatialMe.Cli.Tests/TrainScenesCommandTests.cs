using System.Text.Json;
using SpatialMe.Media;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// `spatialme train scenes`: synthetic stereo scenes from photos, written as the scene folders that `eval` and
/// `train refiner --data` read; the same command writes the same files; bad input is refused with the reason.
/// </summary>
public sealed class TrainScenesCommandTests
{
    [Fact]
    public void Train_scenes_writes_scene_folders_that_eval_and_train_refiner_read_and_repeats_exactly()
    {
        using var dir = new TempDirectory();
        var photos = Directory.CreateDirectory(dir.File("photos")).FullName;
        ImageFiles.WritePng(Path.Combine(photos, "a.png"), new LayeredScene(160, 120, backgroundDisparity: 0, seed: 2).Add(30, 20, 60, 50, 4, seed: 5).Left());
        ImageFiles.WritePng(Path.Combine(photos, "b.png"), new LayeredScene(160, 120, backgroundDisparity: 0, seed: 9).Left());
        string[] args = ["train", "scenes", "--photos", photos, "--count", "2", "--width", "96", "--height", "64", "--max-disparity", "8", "--slant", "1", "--noise", "2"];

        var result = CliRunner.Run([.. args, "--out", dir.File("scenes")]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("wrote 2 scenes of 96x64 from 2 photos", result.Stdout, StringComparison.Ordinal);
        foreach (var scene in new[] { "scene-0001", "scene-0002" })
        {
            foreach (var file in new[] { "left.png", "right.png", "disparity_left.pfm" })
            {
                Assert.True(File.Exists(Path.Combine(dir.File("scenes"), scene, file)), $"{scene}/{file} is missing");
            }
        }

        var again = CliRunner.Run([.. args, "--out", dir.File("again")]);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("scenes"), "scene-0002", "right.png")), File.ReadAllBytes(Path.Combine(dir.File("again"), "scene-0002", "right.png")));

        // eval reads them as scenes with ground truth, and train refiner as stereo examples (its --out folder made for it).
        var eval = CliRunner.Run("eval", dir.File("scenes"), "--json", "--refiner", "none");
        Assert.True(eval.ExitCode == 0, eval.All);
        var rows = JsonDocument.Parse(eval.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Select(r => r.GetProperty("scene").GetString()).Distinct().Count());
        Assert.All(rows.Where(r => r.GetProperty("region").GetString() == "all"), r => Assert.True(r.GetProperty("psnr").GetDouble() > 20, r.ToString()));

        var train = CliRunner.Run("train", "refiner", "--data", dir.File("scenes"), "--out", Path.Combine(dir.File("weights"), "r.bin"), "--steps", "1", "--crop", "32", "--batch", "1", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("2 stereo and 0 warp-back examples", train.Stdout + train.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_scenes_refuses_a_missing_photo_folder_too_few_photos_and_bad_sizes()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run("train", "scenes", "--photos", dir.File("none"), "--out", dir.File("out"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var photos = Directory.CreateDirectory(dir.File("photos")).FullName;
        ImageFiles.WritePng(Path.Combine(photos, "only.png"), new LayeredScene(64, 48, backgroundDisparity: 0).Left());
        var one = CliRunner.Run("train", "scenes", "--photos", photos, "--out", dir.File("out"));
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("at least 2", one.Stderr, StringComparison.Ordinal);

        var wide = CliRunner.Run("train", "scenes", "--photos", photos, "--out", dir.File("out"), "--width", "64", "--max-disparity", "40");
        Assert.Equal(2, wide.ExitCode);
        Assert.Contains("largest disparity", wide.Stderr, StringComparison.Ordinal);

        var slant = CliRunner.Run("train", "scenes", "--photos", photos, "--out", dir.File("out"), "--slant", "1.5");
        Assert.Equal(2, slant.ExitCode);
        Assert.Contains("slant must be 0 to 1, got 1.5", slant.Stderr, StringComparison.Ordinal);

        var noise = CliRunner.Run("train", "scenes", "--photos", photos, "--out", dir.File("out"), "--noise", "-2");
        Assert.Equal(2, noise.ExitCode);
        Assert.Contains("noise must be 0 to 64 grey levels, got -2", noise.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
