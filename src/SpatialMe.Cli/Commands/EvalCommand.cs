using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Cli.Evaluation;
using SpatialMe.Media;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Evaluation;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme eval</c>: scores every method's right view against real stereo pairs with ground truth.</summary>
public static class EvalCommand
{
    public static Command Build()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Either LEFT RIGHT DISPARITY (images; disparity of the left view as PFM or 8/16-bit PNG), "
                + "or one folder: a scene (left.png, right.png, disparity_left.png|.pfm, optional mask.png and disparity_scale.txt; "
                + "or Middlebury im0.png, im1.png, disp0.pfm) or a folder of such scenes.",
            Arity = new ArgumentArity(1, 3),
        };
        var scale = new Option<string?>("--disparity-scale")
        {
            Description = "Divisor from stored disparity values to pixels (Middlebury 2003 PNG = 4, KITTI = 256), or 'auto' to fit the scale "
                + "that best maps left onto right. Default: a scene's disparity_scale.txt, else 1 for PFM and auto for PNG.",
        };
        var refiner = new Option<string?>("--refiner")
        {
            Description = "Also score the learned MHFU refiner's fusion (method 'refiner') with this weights file (see `spatialme train refiner`), "
                + $"or 'none' to leave it out. Default: the refiner shipped with this build ({ShippedRefiner.RelativePath} beside the program) when it has one.",
        };
        var images = new Option<string?>("--write-images")
        {
            Description = "Also write what was scored into this folder (made if missing; files of the same names are replaced), one sub-folder per scene: "
                + "right.png (the captured view), occluded.png (the region the occluded columns score), and per method <method>.png (its right view) "
                + $"and <method>-error.png (absolute error per pixel; black = exact, white = {EvaluationImages.ErrorCeiling:0.##} or more of the range); "
                + "for fusion and refiner also the masks of eqs. 1-3, <method>-m1.png, -m2.png, -m3.png (black 0, white 1), and the content, <method>-content.png.",
        };
        var json = new Option<bool>("--json") { Description = "Print JSON: an array of {scene, method, region, mae, psnr, ssim} (PSNR null when infinite)." };
        var command = new Command("eval", "Synthesise the right view of real stereo pairs from the left view and ground-truth disparity with each "
            + "inpainting branch, the fusion and a naive baseline, and print MAE / PSNR / SSIM over the whole image and the occluded region.")
        {
            paths, scale, refiner, images, json,
        };

        command.SetAction(parse =>
        {
            try
            {
                var args = parse.GetValue(paths)!;
                var scenes = LoadScenes(args, parse.GetValue(scale));
                using var learned = LoadRefiner(ShippedRefiner.Resolve(parse.GetValue(refiner)));
                var imagesFolder = parse.GetValue(images);
                var rows = new List<EvaluationRow>();
                foreach (var scene in scenes)
                {
                    var evaluation = StereoEvaluation.EvaluateScene(scene, learned);
                    rows.AddRange(evaluation.Rows);
                    if (imagesFolder is not null)
                    {
                        // Each scene's images are written as soon as it is scored, so a failure later keeps them.
                        var written = EvaluationImages.Write(imagesFolder, evaluation);
                        System.Console.Error.WriteLine($"{scene.Name}: images in {written}");
                    }
                }

                if (parse.GetValue(json))
                {
                    System.Console.Out.WriteLine(ToJson(rows));
                }
                else
                {
                    PrintTable(rows, scenes, StereoEvaluation.MethodsWith(learned));
                }

                return 0;
            }
            catch (Exception ex) when (ex is MediaException or ArgumentException or InvalidDataException or FileNotFoundException)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static List<EvaluationScene> LoadScenes(string[] args, string? scale)
    {
        if (args.Length == 3)
        {
            return [SceneLoader.Load(Path.GetFileNameWithoutExtension(args[0]), args[0], args[1], args[2], scale, null)];
        }

        if (args.Length != 1)
        {
            throw new ArgumentException("give LEFT RIGHT DISPARITY, or one scene folder or folder of scenes.");
        }

        return SceneLoader.FindScenes(args[0]).Select(dir => SceneLoader.LoadFolder(dir, scale)).ToList();
    }

    internal static string ToJson(IEnumerable<EvaluationRow> rows) =>
        JsonSerializer.Serialize(
            rows.Select(r => new
            {
                scene = r.Scene,
                method = r.Method,
                region = r.Region,
                mae = Finite(r.Mae),
                psnr = Finite(r.Psnr),
                ssim = Finite(r.Ssim),
            }),
            new JsonSerializerOptions { WriteIndented = true });

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    private static MhfuRefiner? LoadRefiner(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The refiner weights file '{path}' does not exist.");
        }

        return MhfuRefiner.Load(path);
    }

    private static void PrintTable(List<EvaluationRow> rows, List<EvaluationScene> scenes, IReadOnlyList<string> methods)
    {
        // A plain fixed-width table: it must read the same on a terminal, in a pipe and pasted into docs.
        var c = CultureInfo.InvariantCulture;
        var w = System.Console.Out;
        w.WriteLine("| scene | method | MAE all | PSNR all | SSIM all | MAE occl. | PSNR occl. | SSIM occl. |");
        w.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        void Line(string scene, string method, Func<string, Func<EvaluationRow, double>, double> value) =>
            w.WriteLine(string.Create(c, $"| {scene} | {method} | {value("all", r => r.Mae):F4} | {value("all", r => r.Psnr):F2} | {value("all", r => r.Ssim):F4} | {value("occluded", r => r.Mae):F4} | {value("occluded", r => r.Psnr):F2} | {value("occluded", r => r.Ssim):F4} |"));

        foreach (var group in rows.GroupBy(r => (r.Scene, r.Method)))
        {
            Line(group.Key.Scene, group.Key.Method, (region, f) => f(group.Single(r => r.Region == region)));
        }

        if (scenes.Count > 1)
        {
            foreach (var method in methods)
            {
                // A region a scene does not have (no disocclusion at all) measures nothing: the mean is over the scenes that have it.
                Line("**mean**", method, (region, f) => rows.Where(r => r.Method == method && r.Region == region && !double.IsNaN(f(r))).Select(f).DefaultIfEmpty(double.NaN).Average());
            }
        }

        w.WriteLine();
        var without = rows.Where(r => r.Region == "occluded" && double.IsNaN(r.Mae)).Select(r => r.Scene).Distinct().ToList();
        if (without.Count > 0 && scenes.Count > 1)
        {
            w.WriteLine($"no occluded pixels (left out of the occluded means): {string.Join(", ", without)}");
        }

        foreach (var s in scenes)
        {
            w.WriteLine(string.Create(c, $"{s.Name}: disparity scale {s.DisparityScale:G4} (pixels = stored value / scale)"));
        }
    }
}
