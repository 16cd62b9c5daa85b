using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class EvalCommandTests
{
    [SkippableFact]
    public void Eval_json_over_the_folder_of_real_pairs_has_every_scene_method_and_region_and_fusion_beats_naive()
    {
        var stereo = SharedData.RequireDirectory("stereo");
        var result = CliRunner.Run("eval", stereo, "--json", "--refiner", "none");
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

/// <summary>eval on scene folders written by the test: Middlebury naming with PFM, and the left/right/PNG layout with a
/// scale file and a mask.</summary>
public sealed class EvalSceneLayoutTests
{
    private static (Stereo.Imaging.RgbImage Left, Stereo.Imaging.RgbImage Right, Stereo.Imaging.FloatPlane Disparity) Scene()
    {
        var scene = new LayeredScene(120, 80, backgroundDisparity: 3).Add(30, 20, 40, 36, disparity: 11, seed: 6);
        var (right, holes) = scene.ExactRight();
        // What the right camera sees in the holes: the background plane (disparity 3) behind the block.
        var background = new LayeredScene(120, 80, backgroundDisparity: 3).Left();
        for (var y = 0; y < 80; y++)
        {
            for (var x = 0; x < 117; x++)
            {
                if (holes[x, y])
                {
                    background.ReadRow(y).Slice(3 * (x + 3), 3).CopyTo(right.Row(y).Slice(3 * x, 3));
                }
            }
        }

        return (scene.Left(), right, scene.Disparity());
    }

    [Fact]
    public void Middlebury_naming_with_a_pfm_disparity_is_one_scene_in_pixels()
    {
        using var dir = new TempDirectory();
        var (left, right, disparity) = WriteScene(dir.Path);

        var result = CliRunner.Run("eval", dir.Path, "--json", "--refiner", "none");

        Assert.True(result.ExitCode == 0, result.All);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(10, json.RootElement.GetArrayLength());

        // The same scene as left/right/disparity PNG with scale 1 must score identically: the PFM (rows bottom to top,
        // values in pixels) was read the right way up and as pixels.
        using var png = new TempDirectory();
        Media.ImageFiles.WritePng(png.File("left.png"), left);
        Media.ImageFiles.WritePng(png.File("right.png"), right);
        Media.ImageFiles.WritePng(png.File("disparity_left.png"), disparity, 0, 255);
        var fromPng = CliRunner.Run("eval", png.Path, "--json", "--disparity-scale", "1", "--refiner", "none");
        Assert.True(fromPng.ExitCode == 0, fromPng.All);
        Assert.Equal(Scores(result.Stdout), Scores(fromPng.Stdout));
    }

    [Fact]
    public void Eval_scores_the_refiner_it_is_given_skips_it_with_none_and_by_default_uses_the_shipped_one_only_where_there_is_one()
    {
        using var dir = new TempDirectory();
        var (left, right, disparity) = WriteScene(dir.Path);
        using var weights = new TempDirectory();
        var refiner = TestModels.Refiner(weights.Path);

        int RefinerRows(params string[] extra)
        {
            var result = CliRunner.Run(["eval", dir.Path, "--json", .. extra]);
            Assert.True(result.ExitCode == 0, result.All);
            return JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().Count(r => r.GetProperty("method").GetString() == "refiner");
        }

        Assert.Equal(2, RefinerRows("--refiner", refiner));
        Assert.Equal(0, RefinerRows("--refiner", "none"));
        Assert.Equal(Models.Refiner.ShippedRefiner.Exists ? 2 : 0, RefinerRows());
    }

    [Fact]
    public void A_scene_without_occluded_pixels_is_left_out_of_the_occluded_means_and_named()
    {
        using var dir = new TempDirectory();
        var with = dir.File("with");
        var (left, right, disparity) = WriteScene(with);

        // A flat scene at one disparity: the right view is the left moved, nothing is disoccluded.
        var flat = new LayeredScene(64, 48, backgroundDisparity: 3);
        var without = Directory.CreateDirectory(dir.File("without")).FullName;
        Media.ImageFiles.WritePng(Path.Combine(without, "im0.png"), flat.Left());
        Media.ImageFiles.WritePng(Path.Combine(without, "im1.png"), flat.ExactRight().Right);
        Media.ImageFiles.WritePfm(Path.Combine(without, "disp0.pfm"), flat.Disparity());

        var result = CliRunner.Run("eval", dir.Path, "--refiner", "none");

        Assert.True(result.ExitCode == 0, result.All);
        var mean = result.Stdout.Split('\n').First(l => l.StartsWith("| **mean** | fusion |", StringComparison.Ordinal));
        Assert.DoesNotContain("NaN", mean, StringComparison.Ordinal);
        Assert.Contains("no occluded pixels (left out of the occluded means): without", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_images_writes_each_methods_view_and_error_and_the_occluded_region_and_they_are_what_was_scored()
    {
        using var dir = new TempDirectory();
        var scene = dir.File("block");
        var (left, right, disparity) = WriteScene(scene);
        using var output = new TempDirectory();
        var images = output.File("not-yet-there");

        var result = CliRunner.Run("eval", dir.Path, "--json", "--refiner", "none", "--write-images", images);

        Assert.True(result.ExitCode == 0, result.All);
        var folder = Path.Combine(images, "block");
        Assert.Contains($"block: images in {folder}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(right.Pixels, Media.ImageFiles.ReadRgb(Path.Combine(folder, "right.png")).Pixels);
        var occludedPlane = Media.ImageFiles.ReadPlane(Path.Combine(folder, "occluded.png"));
        var occluded = new Stereo.Imaging.Mask(occludedPlane.Width, occludedPlane.Height, occludedPlane.Data.Select(v => v > 0 ? (byte)1 : (byte)0).ToArray());
        Assert.True(occluded.Count() > 0, "the block's disocclusion is in occluded.png");

        var rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToList();
        foreach (var method in Stereo.Evaluation.StereoEvaluation.Methods)
        {
            // The image written is the view that was scored: scoring it again over occluded.png gives the table's figure.
            var view = Media.ImageFiles.ReadRgb(Path.Combine(folder, $"{method}.png"));
            var scored = rows.Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("region").GetString() == "occluded");
            Assert.Equal(scored.GetProperty("mae").GetDouble(), Stereo.Metrics.ImageMetrics.Compare(right, view, occluded).Mae, 6);

            // The error map is that view's absolute error, a quarter of the range and more drawn white.
            var error = Media.ImageFiles.ReadPlane(Path.Combine(folder, $"{method}-error.png"));
            var expected = Stereo.Metrics.ErrorMap.AbsoluteError(right, view);
            for (var i = 0; i < error.Data.Length; i++)
            {
                Assert.Equal(Math.Clamp(MathF.Round(expected.Data[i] / Evaluation.EvaluationImages.ErrorCeiling * 255f), 0f, 255f), error.Data[i]);
            }
        }

        // The rules' masks and content written are the ones behind the fusion's view: eqs. 1-3 on the written branch
        // results give it back exactly (the rules' masks are 0 or 1, so 8 bits hold them exactly).
        var (masks, refolded) = Refold(folder, "fusion");
        Assert.Contains(masks.M3.Data, v => v == 0); // the holes take the content
        Assert.Equal(Media.ImageFiles.ReadRgb(Path.Combine(folder, "fusion.png")).Pixels, refolded.Pixels);
        Assert.False(File.Exists(Path.Combine(folder, "refiner-m1.png")), "no refiner was scored");

        // The naive fill is wrong somewhere in the hole, so its map is not all black there.
        var naiveError = Media.ImageFiles.ReadPlane(Path.Combine(folder, "naive-error.png"));
        Assert.Contains(Enumerable.Range(0, naiveError.Data.Length), i => occluded.Data[i] != 0 && naiveError.Data[i] > 0);
    }

    [Fact]
    public void Write_images_with_a_refiner_writes_the_masks_and_content_behind_its_view()
    {
        using var dir = new TempDirectory();
        var (left, right, disparity) = WriteScene(dir.Path);
        using var weights = new TempDirectory();
        using var output = new TempDirectory();

        var result = CliRunner.Run("eval", dir.Path, "--refiner", TestModels.Refiner(weights.Path), "--write-images", output.Path);

        Assert.True(result.ExitCode == 0, result.All);
        var folder = Directory.GetDirectories(output.Path).Single();
        // The refiner's masks are fractions: written in 8 bits, eqs. 1-3 on them give its view back to a grey level or two.
        var (_, refolded) = Refold(folder, "refiner");
        var view = Media.ImageFiles.ReadRgb(Path.Combine(folder, "refiner.png"));
        Assert.All(Enumerable.Range(0, view.Pixels.Length), i => Assert.InRange(refolded.Pixels[i] - view.Pixels[i], -3, 3));
        Assert.True(File.Exists(Path.Combine(folder, "fusion-m1.png")));
    }

    [Fact]
    public void Write_images_to_a_place_that_cannot_be_a_folder_is_refused_naming_it()
    {
        using var dir = new TempDirectory();
        var (left, right, disparity) = WriteScene(dir.Path);
        using var output = new TempDirectory();
        File.WriteAllText(output.File("a-file"), "not a folder");

        var result = CliRunner.Run("eval", dir.Path, "--refiner", "none", "--write-images", output.File("a-file"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot make the folder", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("a-file", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The test's block scene in <paramref name="folder"/>, Middlebury naming.</summary>
    private static (Stereo.Imaging.RgbImage Left, Stereo.Imaging.RgbImage Right, Stereo.Imaging.FloatPlane Disparity) WriteScene(string folder)
    {
        var (left, right, disparity) = Scene();
        Directory.CreateDirectory(folder);
        Media.ImageFiles.WritePng(Path.Combine(folder, "im0.png"), left);
        Media.ImageFiles.WritePng(Path.Combine(folder, "im1.png"), right);
        Media.ImageFiles.WritePfm(Path.Combine(folder, "disp0.pfm"), disparity);
        return (left, right, disparity);
    }

    /// <summary>A fusion's masks and content as eval wrote them, and eqs. 1-3 applied with them to the branch results it wrote.</summary>
    private static (Stereo.Fusion.FusionMasks Masks, Stereo.Imaging.RgbImage View) Refold(string folder, string method)
    {
        Stereo.Imaging.FloatPlane Mask(string name)
        {
            var plane = Media.ImageFiles.ReadPlane(Path.Combine(folder, $"{method}-{name}.png"));
            return new Stereo.Imaging.FloatPlane(plane.Width, plane.Height, plane.Data.Select(v => v / 255f).ToArray());
        }

        Stereo.Imaging.RgbImage Image(string name) => Media.ImageFiles.ReadRgb(Path.Combine(folder, $"{name}.png"));
        var masks = new Stereo.Fusion.FusionMasks(Mask("m1"), Mask("m2"), Mask("m3"), Image($"{method}-content"));
        return (masks, Stereo.Fusion.BranchFusion.Apply(Image("poly"), Image("de"), Image("temporal"), masks));
    }

    private static string Scores(string json) =>
        string.Join('\n', JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r =>
            $"{r.GetProperty("method")} {r.GetProperty("region")} {r.GetProperty("mae")} {r.GetProperty("psnr")} {r.GetProperty("ssim")}"));

    [Fact]
    public void A_scale_file_turns_png_values_into_pixels_and_the_command_line_scale_wins_over_it()
    {
        using var dir = new TempDirectory();
        var (left, right, disparity) = Scene();
        Media.ImageFiles.WritePng(dir.File("left.png"), left);
        Media.ImageFiles.WritePng(dir.File("right.png"), right);
        var scaled = new Stereo.Imaging.FloatPlane(disparity.Width, disparity.Height, disparity.Data.Select(v => v * 4).ToArray());
        Media.ImageFiles.WritePng(dir.File("disparity_left.png"), scaled, 0, 255);
        File.WriteAllText(dir.File("disparity_scale.txt"), "4\n");

        var fromFile = CliRunner.Run("eval", dir.Path);
        Assert.True(fromFile.ExitCode == 0, fromFile.All);
        Assert.Contains("disparity scale 4 ", fromFile.Stdout);

        var fromOption = CliRunner.Run("eval", dir.Path, "--disparity-scale", "2");
        Assert.Contains("disparity scale 2 ", fromOption.Stdout);

        var bad = CliRunner.Run("eval", dir.Path, "--disparity-scale", "-1");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("disparity scale", bad.Stderr);
    }
}
