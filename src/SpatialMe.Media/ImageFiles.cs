using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media;

/// <summary>
/// Still images: PNG/JPEG through OpenCV (read unchanged, so 16-bit values survive) and PFM float maps.
/// OpenCV stores colour as BGR; everything here hands out and takes RGB.
/// </summary>
public static class ImageFiles
{
    /// <summary>An 8- or 16-bit grey or colour image as 8-bit RGB (16-bit values scaled by 255/65535; alpha dropped).</summary>
    public static RgbImage ReadRgb(string path)
    {
        using var image = ReadUnchanged(path);
        using var eightBit = ToEightBit(image, path);
        var conversion = eightBit.Channels() switch
        {
            1 => ColorConversionCodes.GRAY2RGB,
            3 => ColorConversionCodes.BGR2RGB,
            4 => ColorConversionCodes.BGRA2RGB,
            var n => throw new MediaException(path, $"'{path}' has {n} channels; expected grey, colour or colour with alpha"),
        };
        using var rgb = new Mat();
        Cv2.CvtColor(eightBit, rgb, conversion);
        var result = new RgbImage(rgb.Width, rgb.Height);
        CopyRows(rgb, result.Pixels, result.Stride);
        return result;
    }

    /// <summary>
    /// Raw values of a single-channel 8- or 16-bit image (e.g. a disparity PNG) as floats, unscaled. A 3-channel
    /// image whose channels are all equal (grey saved as colour) is accepted; its first channel is taken.
    /// </summary>
    public static FloatPlane ReadPlane(string path)
    {
        using var image = ReadUnchanged(path);
        using var single = SingleChannel(image, path);
        if (single.Depth() is not (MatType.CV_8U or MatType.CV_16U or MatType.CV_32F))
        {
            throw new MediaException(path, $"'{path}' has pixel type {single.Type()}; expected 8- or 16-bit values");
        }

        using var floats = new Mat();
        single.ConvertTo(floats, MatType.CV_32FC1);
        var plane = new FloatPlane(floats.Width, floats.Height);
        floats.GetArray(out float[] values);
        values.CopyTo(plane.Data, 0);
        return plane;
    }

    public static FloatPlane ReadPfm(string path) => PfmFile.Read(path);

    public static void WritePfm(string path, FloatPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        PfmFile.Write(path, plane);
    }

    public static void WritePng(string path, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        Write(path, bgr);
    }

    /// <summary>The image as JPEG bytes (quality 1–100).</summary>
    public static byte[] EncodeJpeg(RgbImage image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        Cv2.ImEncode(".jpg", bgr, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return bytes;
    }

    /// <summary>A PNG or JPEG held in memory as 8-bit RGB; <paramref name="what"/> names it in the error.</summary>
    public static RgbImage DecodeRgb(byte[] data, string what)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var bgr = Cv2.ImDecode(data, ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new MediaException(what, $"{what} is not an image OpenCV can read");
        }

        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        var result = new RgbImage(rgb.Width, rgb.Height);
        CopyRows(rgb, result.Pixels, result.Stride);
        return result;
    }

    /// <summary>The image scaled to <paramref name="width"/>×<paramref name="height"/> (area averaging when shrinking).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height)
        {
            return image.Clone();
        }

        using var source = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var scaled = new Mat();
        var shrinking = width < image.Width;
        Cv2.Resize(source, scaled, new Size(width, height), 0, 0, shrinking ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var result = new RgbImage(width, height);
        CopyRows(scaled, result.Pixels, result.Stride);
        return result;
    }

    /// <summary>8-bit grey PNG: <paramref name="min"/> maps to 0, <paramref name="max"/> to 255, clamped; NaN to 0.</summary>
    public static void WritePng(string path, FloatPlane plane, float min, float max)
    {
        ArgumentNullException.ThrowIfNull(plane);
        if (!(max > min))
        {
            throw new ArgumentException($"max ({max}) must be greater than min ({min}).", nameof(max));
        }

        var scale = 255f / (max - min);
        var grey = new byte[plane.Data.Length];
        for (var i = 0; i < grey.Length; i++)
        {
            var value = plane.Data[i];
            grey[i] = float.IsNaN(value) ? (byte)0 : (byte)Math.Clamp(MathF.Round((value - min) * scale), 0f, 255f);
        }

        using var mat = Mat.FromPixelData(plane.Height, plane.Width, MatType.CV_8UC1, grey);
        Write(path, mat);
    }

    internal static void RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new MediaException(path, $"image '{path}' does not exist");
        }
    }

    private static Mat ReadUnchanged(string path)
    {
        RequireFile(path);
        var image = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (image.Empty())
        {
            image.Dispose();
            throw new MediaException(path, $"'{path}' is not an image OpenCV can read");
        }

        return image;
    }

    private static Mat ToEightBit(Mat image, string path)
    {
        var eightBit = new Mat();
        switch (image.Depth())
        {
            case MatType.CV_8U:
                image.CopyTo(eightBit);
                break;
            case MatType.CV_16U:
                image.ConvertTo(eightBit, MatType.MakeType(MatType.CV_8U, image.Channels()), 255.0 / 65535.0);
                break;
            default:
                eightBit.Dispose();
                throw new MediaException(path, $"'{path}' has pixel type {image.Type()}; expected 8- or 16-bit values");
        }

        return eightBit;
    }

    private static Mat SingleChannel(Mat image, string path)
    {
        if (image.Channels() == 1)
        {
            return image.Clone();
        }

        if (image.Channels() != 3)
        {
            throw new MediaException(path, $"'{path}' has {image.Channels()} channels; expected a single-channel image");
        }

        var channels = Cv2.Split(image);
        try
        {
            using var differs12 = new Mat();
            using var differs13 = new Mat();
            Cv2.Compare(channels[0], channels[1], differs12, CmpTypes.NE);
            Cv2.Compare(channels[0], channels[2], differs13, CmpTypes.NE);
            if (Cv2.CountNonZero(differs12) + Cv2.CountNonZero(differs13) > 0)
            {
                throw new MediaException(path, $"'{path}' is a colour image; expected a single-channel image (or one whose channels are equal)");
            }

            return channels[0].Clone();
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static void CopyRows(Mat mat, byte[] target, int stride)
    {
        var height = mat.Height;
        for (var y = 0; y < height; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(mat.Ptr(y), target, y * stride, stride);
        }
    }

    private static void Write(string path, Mat mat)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new MediaException(path, $"cannot write '{path}': folder '{folder}' does not exist");
        }

        bool written;
        try
        {
            written = Cv2.ImWrite(path, mat);
        }
        catch (OpenCVException e)
        {
            throw new MediaException(path, $"cannot write '{path}': {e.Message}", e);
        }

        if (!written)
        {
            throw new MediaException(path, $"cannot write '{path}': OpenCV could not write it (unwritable, or no encoder for its extension)");
        }
    }
}
