using System.Globalization;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Testing;

/// <summary>The four real stereo pairs with ground truth in ../shared/data/stereo.</summary>
public static class StereoScenes
{
    public static readonly string[] Names = ["cones", "books", "laundry", "reindeer"];

    public static EvaluationScene Load(string name)
    {
        var dir = SharedData.RequireDirectory(Path.Combine("stereo", name));
        var scale = float.Parse(File.ReadAllText(Path.Combine(dir, "disparity_scale.txt")).Trim(), CultureInfo.InvariantCulture);
        var maskPath = Path.Combine(dir, "mask.png");
        Mask? mask = null;
        if (File.Exists(maskPath))
        {
            var plane = TestImageIO.ReadPlane(maskPath);
            mask = new Mask(plane.Width, plane.Height, plane.Data.Select(v => v > 0 ? (byte)1 : (byte)0).ToArray());
        }

        return new EvaluationScene(
            name,
            TestImageIO.ReadRgb(Path.Combine(dir, "left.png")),
            TestImageIO.ReadRgb(Path.Combine(dir, "right.png")),
            TestImageIO.ReadPlane(Path.Combine(dir, "disparity_left.png"), scale),
            mask);
    }
}
