using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class EvalCommandTests
{
    [SkippableFact]
    public void Eval_json_over_the_folder_of_real_pairs_has_every_scene_method_and_region_and_fusion_beats_naive()
    {
        var stereo = SharedData.RequireDirectory("stereo");
        var result = CliRunner.Run("eval", stereo, "--json");
        Assert.True(result.ExitCode == 0, result.All);

        using var json = JsonDocument.Parse(result.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        var scenes = rows.Select(r => r.GetProperty("scene").GetString()).Distinct().ToList();
        foreach (var scene in StereoScenes.Names)
        {
            Assert.Contains(scene, scenes);
        }

        Assert.DoesNotContain("polylines-easy", scenes); // not a scene folder: no left/right/disparity files
        Assert.Equal(scenes.Count * 5 * 2, rows.Count);
        foreach (var row in rows)
        {
            Assert.Contains(row.GetProperty("method").GetString(), new[] { "naive", "poly", "temporal", "de", "fusion" });
            Assert.Contains(row.GetProperty("region").GetString(), new[] { "all", "occluded" });
            Assert.InRange(row.GetProperty("ssim").GetDouble(), 0, 1);
        }

        double Psnr(string scene, string method) => rows.Single(r =>
            r.GetProperty("scene").GetString() == scene && r.GetProperty("method").GetString() == method && r.GetProperty("region").GetString() == "occluded")
            .GetProperty("psnr").GetDouble();
        foreach (var scene in StereoScenes.Names)
        {
            Assert.True(Psnr(scene, "fusion") > Psnr(scene, "naive"), scene);
        }
    }

    [SkippableFact]
    public void Eval_of_three_files_with_auto_scale_recovers_the_datasets_disparity_scale()
    {
        var books = SharedData.RequireDirectory("stereo/books");
        var result = CliRunner.Run("eval", Path.Combine(books, "left.png"), Path.Combine(books, "right.png"), Path.Combine(books, "disparity_left.png"), "--disparity-scale", "auto");
        Assert.True(result.ExitCode == 0, result.All);

        // The data's README: disparity in pixels = value / 3.
        var line = result.Stdout.Split('\n').Single(l => l.Contains("disparity scale"));
        var scale = double.Parse(line.Split("disparity scale ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(scale, 2.8, 3.2);
        Assert.Contains("fusion", result.Stdout);
    }

    [Fact]
    public void Eval_of_a_folder_without_scenes_says_what_it_expected()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("eval", dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("left.png", result.Stderr);
    }

    [Fact]
    public void Eval_of_a_missing_image_names_it()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("eval", dir.File("l.png"), dir.File("r.png"), dir.File("d.png"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("l.png", result.Stderr);
    }
}
