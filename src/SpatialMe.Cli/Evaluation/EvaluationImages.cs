using SpatialMe.Media;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;

namespace SpatialMe.Cli.Evaluation;

/// <summary>
/// Writes what <c>spatialme eval --write-images</c> scored, one folder per scene: <c>right.png</c> (the captured right
/// view), <c>occluded.png</c> (white where the "occluded" rows score), and per method <c>&lt;method&gt;.png</c> (its right
/// view) and <c>&lt;method&gt;-error.png</c> (its absolute error per pixel, the mean over R, G and B: black is exact and
/// <see cref="ErrorCeiling"/> or more is white); for the fusions (<c>fusion</c>, the rules', and <c>refiner</c>) also the
/// masks and content of eqs. 1–3 behind the view: <c>&lt;method&gt;-m1.png</c>, <c>-m2.png</c>, <c>-m3.png</c> (black 0,
/// white 1) and <c>&lt;method&gt;-content.png</c>. Means say how much a method is wrong; these say where, and which
/// branch a fusion took there — a refiner's corrections, say, against the rule-based fusion's, hole by hole.
/// </summary>
public static class EvaluationImages
{
    /// <summary>The error (on a [0, 1] scale) drawn white: a quarter of the range, so the errors that matter in holes
    /// (a few hundredths to a few tenths) spread over the grey levels instead of all looking black.</summary>
    public const float ErrorCeiling = 0.25f;

    /// <summary>Writes the scene's images under <paramref name="folder"/>/&lt;scene name&gt;; returns that folder.</summary>
    public static string Write(string folder, SceneEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var scene = Path.Combine(folder, SafeName(evaluation.Scene.Name));
        try
        {
            Directory.CreateDirectory(scene);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(scene, $"cannot make the folder '{scene}' for the images: {ex.Message}");
        }

        ImageFiles.WritePng(Path.Combine(scene, "right.png"), evaluation.Scene.Right);
        ImageFiles.WritePng(Path.Combine(scene, "occluded.png"), AsPlane(evaluation.Occluded), 0, 1);
        foreach (var (method, view) in evaluation.Views)
        {
            ImageFiles.WritePng(Path.Combine(scene, $"{method}.png"), view);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-error.png"), ErrorMap.AbsoluteError(evaluation.Scene.Right, view), 0, ErrorCeiling);
        }

        foreach (var (method, masks) in evaluation.Masks)
        {
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m1.png"), masks.M1, 0, 1);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m2.png"), masks.M2, 0, 1);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m3.png"), masks.M3, 0, 1);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-content.png"), masks.Content);
        }

        return scene;
    }

    private static FloatPlane AsPlane(Mask mask)
    {
        var plane = new FloatPlane(mask.Width, mask.Height);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            plane.Data[i] = mask.Data[i] == 0 ? 0 : 1;
        }

        return plane;
    }

    // A scene is named after its folder or its left image's file name; keep that name a single path segment.
    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return safe is "" or "." or ".." ? "scene" : safe;
    }
}
