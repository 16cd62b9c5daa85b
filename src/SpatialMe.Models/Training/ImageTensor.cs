using SpatialMe.Stereo.Imaging;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>An 8-bit image as a 3 × H × W float tensor in [0, 1], the scale of every refiner input and output.</summary>
public static class ImageTensor
{
    public static Tensor From(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var values = new float[3 * plane];
        var pixels = image.Pixels;
        for (var i = 0; i < plane; i++)
        {
            values[i] = pixels[3 * i] / 255f;
            values[plane + i] = pixels[(3 * i) + 1] / 255f;
            values[(2 * plane) + i] = pixels[(3 * i) + 2] / 255f;
        }

        return tensor(values, [3, image.Height, image.Width]);
    }
}
