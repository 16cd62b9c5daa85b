using System.CommandLine;
using System.Globalization;
using SpatialMe.Cli.Training;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Synthesis;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme train scenes --photos &lt;dir&gt; --out &lt;dir&gt;</c>: synthetic stereo pairs with exact ground truth made
/// from photos (<see cref="LayeredStereoScene"/>), written as the scene folders <c>train refiner --data</c> and
/// <c>eval</c> read (left.png, right.png, disparity_left.pfm).
/// </summary>
public static class TrainScenesCommand
{
    public static Command Build()
    {
        var photos = new Option<string>("--photos") { Description = "Folder of photos (searched recursively; png, jpg, bmp, tif, webp) the layers are textured with.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write the scenes to: <out>/scene-0001/left.png, right.png, disparity_left.pfm, …", Required = true };
        var count = new Option<int>("--count") { Description = "How many scenes.", DefaultValueFactory = _ => 200 };
        var width = new Option<int>("--width") { Description = "Width of each view, pixels.", DefaultValueFactory = _ => 640 };
        var height = new Option<int>("--height") { Description = "Height of each view, pixels.", DefaultValueFactory = _ => 400 };
        var maxDisparity = new Option<double>("--max-disparity") { Description = "The nearest object's disparity, pixels (the background lies at 0-60 % of it).", DefaultValueFactory = _ => 32.0 };
        var maxObjects = new Option<int>("--max-objects") { Description = "Objects in front of the background: 1 to this many per scene.", DefaultValueFactory = _ => 4 };
        var slant = new Option<double>("--slant")
        {
            Description = "How far surfaces tilt in depth, 0-1: 0 keeps objects facing the cameras (one disparity each); up to 1 tilts each object's plane by up to "
                + "half the depth gap to its neighbours across it, and the background along the rows too, so disocclusions open onto surfaces that change depth.",
            DefaultValueFactory = _ => 0.0,
        };
        var noise = new Option<double>("--noise") { Description = "Standard deviation of independent Gaussian sensor noise added to each view, grey levels (0: none).", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<int>("--seed") { Description = "Seeds every scene (scene n uses seed + n), so the same command writes the same files.", DefaultValueFactory = _ => 1 };
        var command = new Command(
            "scenes",
            "Make synthetic stereo pairs with exact ground truth from photos, as training data for the refiner: a background photo on a plane sloping towards "
            + "the viewer and 1-N objects (blobs, rectangles) textured with other photos in front of it, both views rendered from the same layers, so every "
            + "disocclusion is beside a nearer object's edge and its true content is known.")
        {
            photos, output, count, width, height, maxDisparity, maxObjects, slant, noise, seed,
        };
        command.SetAction((parse, cancellation) =>
        {
            try
            {
                var options = new LayeredStereoSceneOptions
                {
                    Width = parse.GetValue(width),
                    Height = parse.GetValue(height),
                    MaxDisparity = parse.GetValue(maxDisparity),
                    MaxObjects = parse.GetValue(maxObjects),
                    Slant = parse.GetValue(slant),
                    Noise = parse.GetValue(noise),
                };
                options.Validate();
                var total = parse.GetValue(count);
                if (total < 1)
                {
                    throw new ArgumentException($"--count must be at least 1, got {total}.");
                }

                var folder = parse.GetValue(photos)!;
                if (!Directory.Exists(folder))
                {
                    throw new ArgumentException($"photo folder '{folder}' does not exist.");
                }

                var files = TrainingData.ImageFilesUnder(folder);
                if (files.Count < 2)
                {
                    throw new ArgumentException($"'{folder}' holds {files.Count} photo(s); the scenes need at least 2 (a background and an object's texture).");
                }

                // Photos much larger than a view only cost time: keep them at most twice the view's width.
                var images = files.Select(f => TrainingImages.FitWidth(ImageFiles.ReadRgb(f), 2 * options.Width)).ToList<RgbImage>();
                var root = parse.GetValue(output)!;
                var first = parse.GetValue(seed);
                var lastLine = DateTime.MinValue;
                for (var n = 1; n <= total; n++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var pair = LayeredStereoScene.Make(images, options, first + n);
                    var scene = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"scene-{n:D4}"));
                    Directory.CreateDirectory(scene);
                    ImageFiles.WritePng(Path.Combine(scene, "left.png"), pair.Left);
                    ImageFiles.WritePng(Path.Combine(scene, "right.png"), pair.Right);
                    ImageFiles.WritePfm(Path.Combine(scene, "disparity_left.pfm"), pair.Disparity);
                    if (n == total || DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(5))
                    {
                        lastLine = DateTime.UtcNow;
                        System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scenes: {n}/{total}"));
                    }
                }

                System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {total} scenes of {options.Width}x{options.Height} from {files.Count} photos to {root}"));
                return Task.FromResult(0);
            }
            catch (Exception ex) when (ex is MediaException or ArgumentException or IOException)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(2);
            }
        });
        return command;
    }
}
