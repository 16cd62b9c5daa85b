using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Models.Training;

/// <summary>
/// Left–right mirror images. Mirroring a stereo pair swaps the roles of the eyes (the mirrored right view is a left
/// view of the mirrored scene, with the same disparities), which lets the one forward warp the pipeline has
/// (left → right) also warp a right view into the left eye.
/// </summary>
public static class Mirror
{
    public static RgbImage Horizontal(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new RgbImage(image.Width, image.Height);
        var w = image.Width;
        Parallel.For(0, image.Height, y =>
        {
            var src = image.ReadRow(y);
            var dst = result.Row(y);
            for (var x = 0; x < w; x++)
            {
                src.Slice(3 * (w - 1 - x), 3).CopyTo(dst.Slice(3 * x, 3));
            }
        });
        return result;
    }

    public static FloatPlane Horizontal(FloatPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var result = plane.Clone();
        for (var y = 0; y < plane.Height; y++)
        {
            result.Row(y).Reverse();
        }

        return result;
    }
}
