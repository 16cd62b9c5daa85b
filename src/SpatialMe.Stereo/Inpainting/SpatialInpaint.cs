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

        using var src = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var mask = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, maskBytes);
        using var dst = new Mat();
        Cv2.Inpaint(src, mask, dst, radius, InpaintTypes.Telea);
        var result = new RgbImage(image.Width, image.Height);
        dst.GetArray(out Vec3b[] pixels);
        for (var i = 0; i < pixels.Length; i++)
        {
            result.Pixels[3 * i] = pixels[i].Item0;
            result.Pixels[(3 * i) + 1] = pixels[i].Item1;
            result.Pixels[(3 * i) + 2] = pixels[i].Item2;
        }

        return result;
    }
}
