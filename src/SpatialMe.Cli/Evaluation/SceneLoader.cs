using System.Globalization;
using SpatialMe.Media;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Cli.Evaluation;

/// <summary>
/// Finds and loads evaluation scenes. A scene folder holds <c>left.png</c>, <c>right.png</c>, <c>disparity_left.png</c>
/// (or <c>.pfm</c>), optional <c>mask.png</c> (nonzero = trustworthy ground truth) and optional
/// <c>disparity_scale.txt</c>; Middlebury's <c>im0.png</c>, <c>im1.png</c>, <c>disp0.pfm</c> naming works too.
/// </summary>
public static class SceneLoader
{
    private static readonly string[][] Layouts =
    [
        ["left.png", "right.png", "disparity_left.png"],
        ["left.png", "right.png", "disparity_left.pfm"],
        ["im0.png", "im1.png", "disp0.pfm"],
        ["im0.png", "im1.png", "disp0GT.pfm"],
    ];

    /// <summary>The scene folders under <paramref name="folder"/>: itself if it is one, else its sub-folders that are.</summary>
    public static IReadOnlyList<string> FindScenes(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"'{folder}' is not a folder.");
        }

        if (Layout(folder) is not null)
        {
            return [folder];
        }

        var scenes = Directory.GetDirectories(folder).Where(d => Layout(d) is not null).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (scenes.Count == 0)
        {
            throw new ArgumentException($"'{folder}' holds no scene: expected left.png + right.png + disparity_left.png (or .pfm), or im0.png + im1.png + disp0.pfm, in it or in its sub-folders.");
        }

        return scenes;
    }

    public static EvaluationScene LoadFolder(string folder, string? scaleOption)
    {
        var layout = Layout(folder) ?? throw new ArgumentException($"'{folder}' is not a scene folder.");
        var scaleFile = Path.Combine(folder, "disparity_scale.txt");
        var scale = scaleOption ?? (File.Exists(scaleFile) ? File.ReadAllText(scaleFile).Trim() : null);
        var maskFile = Path.Combine(folder, "mask.png");
        return Load(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            Path.Combine(folder, layout[0]),
            Path.Combine(folder, layout[1]),
            Path.Combine(folder, layout[2]),
            scale,
            File.Exists(maskFile) ? maskFile : null);
    }

    /// <param name="scale">Divisor from stored values to pixels, "auto" to fit it, or null for the file's default
    /// (PFM: 1, already pixels; PNG: auto).</param>
    public static EvaluationScene Load(string name, string leftPath, string rightPath, string disparityPath, string? scale, string? maskPath)
    {
        var left = ImageFiles.ReadRgb(leftPath);
        var right = ImageFiles.ReadRgb(rightPath);
        var isPfm = disparityPath.EndsWith(".pfm", StringComparison.OrdinalIgnoreCase);
        var raw = isPfm ? ImageFiles.ReadPfm(disparityPath) : ImageFiles.ReadPlane(disparityPath);
        if (!left.SameSize(right) || !left.SameSize(raw))
        {
            throw new ArgumentException($"Scene '{name}': left {left.Width}x{left.Height}, right {right.Width}x{right.Height} and disparity {raw.Width}x{raw.Height} must have the same size.");
        }

        var divisor = ResolveScale(scale ?? (isPfm ? "1" : "auto"), left, right, raw, disparityPath);
        var disparity = new FloatPlane(raw.Width, raw.Height);
        for (var i = 0; i < raw.Data.Length; i++)
        {
            disparity.Data[i] = float.IsFinite(raw.Data[i]) ? (float)(raw.Data[i] / divisor) : 0f;
        }

        Mask? mask = null;
        if (maskPath is not null)
        {
            var m = ImageFiles.ReadPlane(maskPath);
            mask = new Mask(m.Width, m.Height, m.Data.Select(v => v > 0 ? (byte)1 : (byte)0).ToArray());
        }

        return new EvaluationScene(name, left, right, disparity, mask) { DisparityScale = divisor };
    }

    private static double ResolveScale(string scale, Stereo.Imaging.RgbImage left, Stereo.Imaging.RgbImage right, FloatPlane raw, string path)
    {
        if (scale.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return DisparityScaleFit.Fit(left, right, raw);
        }

        if (double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }

        throw new ArgumentException($"disparity scale for '{path}' must be a positive number or 'auto', got '{scale}'.");
    }

    internal static string[]? Layout(string folder) =>
        Layouts.FirstOrDefault(l => l.All(f => File.Exists(Path.Combine(folder, f))));
}
