using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Context-based spatial inpainting (Telea's fast marching method, OpenCV): fills holes from all their borders. It
/// makes smooth, plausible content but, like the learned inpainters, draws on foreground context at foreground edges.
/// The temporal branch uses it for what no neighbouring frame could supply.
/// </summary>
public static class SpatialInpaint
{
    public const double DefaultRadius = 5;

    public static RgbImage Fill(RgbImage image, Mask holes, double radius = DefaultRadius)
    {
        if (holes.Count() == 0)
        {
            return image.Clone();
        }

        var maskBytes = new byte[holes.Data.Length];
        for (var i = 0; i < maskBytes.Length; i++)
        {
            maskBytes[i] = holes.Data[i] != 0 ? (byte)255 : (byte)0;
        }

        // OpenCV reads and writes our pixel arrays in place (the destination has the right size and type, so it is not
        // reallocated); channel order does not matter to the fill.
        var result = new RgbImage(image.Width, image.Height);
        using var src = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var mask = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, maskBytes);
        using var dst = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, result.Pixels);
        Cv2.Inpaint(src, mask, dst, radius, InpaintTypes.Telea);
        return result;
    }
}
