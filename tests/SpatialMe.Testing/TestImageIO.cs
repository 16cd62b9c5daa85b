using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Testing;

/// <summary>Reads test images straight through OpenCV, independent of the product's loaders under test.</summary>
public static class TestImageIO
{
    public static RgbImage ReadRgb(string path)
    {
        using var bgr = Cv2.ImRead(path, ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new FileNotFoundException("Cannot read image", path);
        }

        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        var image = new RgbImage(rgb.Width, rgb.Height);
        rgb.GetArray(out Vec3b[] px);
        for (var i = 0; i < px.Length; i++)
        {
            image.Pixels[3 * i] = px[i].Item0;
            image.Pixels[(3 * i) + 1] = px[i].Item1;
            image.Pixels[(3 * i) + 2] = px[i].Item2;
        }

        return image;
    }

    /// <summary>Raw values of a single-channel 8- or 16-bit PNG, divided by <paramref name="scale"/>.</summary>
    public static FloatPlane ReadPlane(string path, float scale = 1f)
    {
        using var m = Cv2.ImRead(path, ImreadModes.Unchanged);
        using var grey = m.Channels() == 1 ? m.Clone() : m.ExtractChannel(0);
        using var f = new Mat();
        grey.ConvertTo(f, MatType.CV_32FC1, 1.0 / scale);
        f.GetArray(out float[] data);
        return new FloatPlane(grey.Width, grey.Height, data);
    }

    public static void WritePng(string path, RgbImage image)
    {
        var px = new Vec3b[image.Width * image.Height];
        for (var i = 0; i < px.Length; i++)
        {
            px[i] = new Vec3b(image.Pixels[(3 * i) + 2], image.Pixels[(3 * i) + 1], image.Pixels[3 * i]);
        }

        using var m = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, px);
        Cv2.ImWrite(path, m);
    }
}
