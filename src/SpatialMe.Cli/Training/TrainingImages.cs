using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Cli.Training;

/// <summary>Resizing of training images (OpenCV; area averaging down, bilinear up).</summary>
public static class TrainingImages
{
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        using var src = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        var result = new RgbImage(width, height);
        using var dst = Mat.FromPixelData(height, width, MatType.CV_8UC3, result.Pixels);
        var shrinking = width <= image.Width && height <= image.Height;
        Cv2.Resize(src, dst, new Size(width, height), 0, 0, shrinking ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return result;
    }

    /// <summary>The image scaled down to at most <paramref name="maxWidth"/> wide, keeping its aspect ratio.</summary>
    public static RgbImage FitWidth(RgbImage image, int maxWidth) =>
        image.Width <= maxWidth ? image : Resize(image, maxWidth, Math.Max(1, (int)Math.Round((double)image.Height * maxWidth / image.Width)));

    /// <summary>The left and right views of a side-by-side frame, each at full width (half layout stretched), fitted
    /// to <paramref name="maxWidth"/>.</summary>
    public static (RgbImage Left, RgbImage Right) SplitSideBySide(RgbImage frame, SbsLayout layout, int maxWidth)
    {
        var half = frame.Width / 2;
        var left = Crop(frame, 0, half);
        var right = Crop(frame, half, half);
        var width = layout == SbsLayout.Half ? 2 * half : half;
        var height = frame.Height;
        if (width > maxWidth)
        {
            height = Math.Max(1, (int)Math.Round((double)height * maxWidth / width));
            width = maxWidth;
        }

        return (Resize(left, width, height), Resize(right, width, height));
    }

    private static RgbImage Crop(RgbImage frame, int x0, int width)
    {
        var result = new RgbImage(width, frame.Height);
        for (var y = 0; y < frame.Height; y++)
        {
            frame.ReadRow(y).Slice(3 * x0, 3 * width).CopyTo(result.Row(y));
        }

        return result;
    }
}
