using System.Globalization;
using SpatialMe.Cli.Evaluation;
using SpatialMe.Media;
using SpatialMe.Models.Training;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Cli.Training;

/// <summary>
/// Finds the refiner's training data in folders and makes examples of it.
/// <list type="bullet">
/// <item>Stereo (<c>--data</c>), searched recursively: scene folders with ground truth as <c>spatialme eval</c> reads
/// them; pair folders without it (<c>left.*</c> + <c>right.*</c>, or <c>im0.*</c> + <c>im1.*</c>), whose disparity
/// comes from stereo matching (<see cref="StereoMatchedDisparity"/>); and side-by-side stereo videos (any video file),
/// a few frames each, matched the same way. Target: the real right view.</item>
/// <item>Mono (<c>--mono</c>), searched recursively: any image or video becomes warp-back pairs
/// (<see cref="WarpBackExample"/>) with disparity from the default depth estimator. Target: the image itself.</item>
/// </list>
/// Files are taken in ordinal path order, so the same folders give the same examples.
/// </summary>
public static class TrainingData
{
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"];

    public static readonly string[] VideoExtensions = [".mp4", ".mkv", ".mov", ".avi", ".webm", ".mpg", ".mpeg", ".m4v", ".ts", ".y4m"];

    public static async Task<List<TrainingExample>> LoadStereoAsync(string folder, TrainingDataOptions options, Action<string> say, CancellationToken cancellation)
    {
        var examples = new List<TrainingExample>();
        foreach (var dir in Folders(folder))
        {
            cancellation.ThrowIfCancellationRequested();
            if (SceneLoader.Layout(dir) is not null)
            {
                var scene = SceneLoader.LoadFolder(dir, null);
                Add(examples, scene.Name, "stereo pair, ground-truth disparity", scene.Left, options, say, () =>
                    StereoPairExample.Create(scene.Left, scene.Right, GroundTruthDisparity.Complete(scene.Disparity, scene.ValidDisparity), options.WithRules));
            }
            else if (PairFiles(dir) is var (leftPath, rightPath))
            {
                var left = ImageFiles.ReadRgb(leftPath);
                var right = ImageFiles.ReadRgb(rightPath);
                if (!left.SameSize(right))
                {
                    throw new ArgumentException($"'{dir}': the right view is {right.Width}x{right.Height} but the left is {left.Width}x{left.Height}.");
                }

                left = TrainingImages.FitWidth(left, options.MaxWidth);
                right = TrainingImages.FitWidth(right, options.MaxWidth);
                Add(examples, Path.GetFileName(dir), "stereo pair, disparity by stereo matching", left, options, say, () =>
                    StereoPairExample.Create(left, right, StereoMatchedDisparity.Compute(left, right), options.WithRules));
            }

            foreach (var video in Files(dir, VideoExtensions, pairsAside: true))
            {
                await foreach (var (index, frame) in SampleFramesAsync(video, options.FramesPerVideo, cancellation))
                {
                    var (left, right) = TrainingImages.SplitSideBySide(frame, options.SbsLayout, options.MaxWidth);
                    Add(examples, $"{Path.GetFileName(video)} frame {index}", $"{options.SbsLayout.ToString().ToLowerInvariant()} side-by-side, disparity by stereo matching", left, options, say, () =>
                        StereoPairExample.Create(left, right, StereoMatchedDisparity.Compute(left, right), options.WithRules));
                }
            }
        }

        return examples;
    }

    /// <param name="depth">Estimates the depth the warp-back pairs are made with: the cue-based default when null, or
    /// a learned model (whose depth edges sit on object edges, so the round trip's holes do too).</param>
    public static async Task<List<TrainingExample>> LoadMonoAsync(string folder, TrainingDataOptions options, Action<string> say, CancellationToken cancellation, IDepthEstimator? depth = null)
    {
        var examples = new List<TrainingExample>();
        var random = new Random(options.Seed);
        depth ??= new CueDepthEstimator();
        void AddWarpBack(string name, RgbImage image)
        {
            var divergence = options.WarpBackDivergence * (0.5 + random.NextDouble());
            image = TrainingImages.FitWidth(image, options.MaxWidth);
            Add(examples, name, string.Create(CultureInfo.InvariantCulture, $"warp-back, {depth.Name} depth, divergence {divergence:F2} %"), image, options, say, () =>
            {
                var normalized = DepthNormalizer.NormalizeSingle(depth.Estimate(image, null));
                var disparity = DisparityMapping.ToDisparity(normalized, new DisparitySettings { Divergence = divergence });
                return WarpBackExample.Create(image, disparity, options.WithRules);
            });
        }

        foreach (var dir in Folders(folder))
        {
            foreach (var path in Files(dir, ImageExtensions))
            {
                cancellation.ThrowIfCancellationRequested();
                AddWarpBack(Path.GetFileName(path), ImageFiles.ReadRgb(path));
            }

            foreach (var video in Files(dir, VideoExtensions))
            {
                await foreach (var (index, frame) in SampleFramesAsync(video, options.FramesPerVideo, cancellation))
                {
                    AddWarpBack($"{Path.GetFileName(video)} frame {index}", frame);
                }
            }
        }

        return examples;
    }

    /// <summary>Every image file in <paramref name="folder"/> and the folders under it, folder by folder in ordinal order.</summary>
    public static IReadOnlyList<string> ImageFilesUnder(string folder) => [.. Folders(folder).SelectMany(d => Files(d, ImageExtensions))];

    /// <summary>The folder and every folder under it, in ordinal order.</summary>
    private static IEnumerable<string> Folders(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"'{folder}' is not a folder.");
        }

        return new[] { folder }.Concat(Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)).OrderBy(d => d, StringComparer.Ordinal);
    }

    /// <param name="pairsAside">Stereo data: a scene or pair folder's files are that pair, not separate items.</param>
    private static IEnumerable<string> Files(string dir, string[] extensions, bool pairsAside = false) =>
        Directory.EnumerateFiles(dir)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !pairsAside || (SceneLoader.Layout(dir) is null && PairFiles(dir) is null))
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>A stereo pair without ground truth: left.* + right.*, or im0.* + im1.*.</summary>
    private static (string Left, string Right)? PairFiles(string dir)
    {
        foreach (var (l, r) in new[] { ("left", "right"), ("im0", "im1") })
        {
            var left = Find(dir, l);
            var right = Find(dir, r);
            if (left is not null && right is not null)
            {
                return (left, right);
            }
        }

        return null;
    }

    private static string? Find(string dir, string stem) =>
        ImageExtensions.Select(e => Path.Combine(dir, stem + e)).FirstOrDefault(File.Exists);

    /// <summary>Up to <paramref name="count"/> frames spread evenly over the video (the middle of each of count equal
    /// parts).</summary>
    private static async IAsyncEnumerable<(int Index, RgbImage Frame)> SampleFramesAsync(string path, int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var info = await VideoProbe.ProbeAsync(path, cancellation);
        var n = Math.Min(count, info.FrameCount);
        for (var i = 0; i < n; i++)
        {
            var index = (int)(((2L * i) + 1) * info.FrameCount / (2L * n));
            await foreach (var frame in FrameReader.ReadAsync(info, index, index + 1, cancellation))
            {
                yield return (index, frame);
            }
        }
    }

    private static void Add(List<TrainingExample> examples, string name, string kind, RgbImage image, TrainingDataOptions options, Action<string> say, Func<TrainingExample> make)
    {
        if (image.Width < options.Crop || image.Height < options.Crop)
        {
            say($"skipped {name}: {image.Width}x{image.Height} is smaller than the crop size {options.Crop}");
            return;
        }

        var example = make();
        examples.Add(example);
        using var holes = example.Occlusion.mean();
        say(string.Create(CultureInfo.InvariantCulture, $"{name} ({kind}), {image.Width}x{image.Height}, {100 * holes.item<float>():F1} % holes"));
    }
}
