using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

/// <summary>
/// Synthetic stereo pairs with a complete right view: a background at disparity 0 and textured rectangles in front.
/// The right view is itself a layered scene whose rectangles sit d px further left with their texture carried along,
/// so it shows real background texture in the disocclusions the left view never saw (the ground truth the refiner
/// learns from), unlike <see cref="LayeredScene.ExactRight"/>, which leaves them black.
/// </summary>
internal sealed record TrainingScene(LayeredScene Scene, RgbImage Left, RgbImage Right, FloatPlane Disparity)
{
    public static TrainingScene Create(int width, int height, params (int X, int Y, int W, int H, int Disparity, int Seed)[] objects)
    {
        var left = new LayeredScene(width, height, backgroundDisparity: 0);
        var right = new LayeredScene(width, height, backgroundDisparity: 0);
        foreach (var o in objects)
        {
            left.Add(o.X, o.Y, o.W, o.H, o.Disparity, o.Seed);
            right.Add(o.X - o.Disparity, o.Y, o.W, o.H, o.Disparity, o.Seed, textureShift: -o.Disparity);
        }

        return new TrainingScene(left, left.Left(), right.Left(), left.Disparity());
    }

    /// <summary>One 24 × 20 rectangle at disparity 6 in a 64 × 48 frame: a 6 px disocclusion right of it.</summary>
    public static TrainingScene OneObject() => Create(64, 48, (20, 14, 24, 20, 6, 3));
}
