using System.Runtime.InteropServices;
using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// A frame reduced to the estimator's working resolution (area-averaged, never enlarged), split into the planes the
/// cues read: R, G, B and BT.601 luma in [0, 1], and 8-bit luma for optical flow.
/// </summary>
internal sealed class WorkingFrame
{
    private WorkingFrame(RgbImage small)
    {
        Width = small.Width;
        Height = small.Height;
        Red = new FloatPlane(Width, Height);
        Green = new FloatPlane(Width, Height);
        Blue = new FloatPlane(Width, Height);
        Luma = new FloatPlane(Width, Height);
        Luma8 = new byte[Width * Height];
        Parallel.For(0, Height, y =>
        {
            var src = small.ReadRow(y);
            var r = Red.Row(y);
            var g = Green.Row(y);
            var b = Blue.Row(y);
            var l = Luma.Row(y);
            var l8 = Luma8.AsSpan(y * Width, Width);
            for (var x = 0; x < Width; x++)
            {
                r[x] = src[3 * x] / 255f;
                g[x] = src[(3 * x) + 1] / 255f;
                b[x] = src[(3 * x) + 2] / 255f;
                var luma = (0.299f * r[x]) + (0.587f * g[x]) + (0.114f * b[x]);
                l[x] = luma;
                l8[x] = (byte)Math.Clamp((int)((luma * 255f) + 0.5f), 0, 255);
            }
        });
    }

    public int Width { get; }

    public int Height { get; }

    public FloatPlane Red { get; }

    public FloatPlane Green { get; }

    public FloatPlane Blue { get; }

    /// <summary>BT.601 luma in [0, 1]: the guided filter's guide (it matches <see cref="GuidedUpsampler"/>'s full-size guide).</summary>
    public FloatPlane Luma { get; }

    /// <summary>Luma rounded to 8 bits, row-major, for Farneback flow.</summary>
    public byte[] Luma8 { get; }

    /// <summary>The working size for a frame: the long side scaled to at most <paramref name="longSide"/>, aspect kept.</summary>
    public static (int Width, int Height) SizeFor(int width, int height, int longSide)
    {
        var scale = Math.Min(1.0, (double)longSide / Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    public static WorkingFrame From(RgbImage frame, int longSide)
    {
        var (w, h) = SizeFor(frame.Width, frame.Height, longSide);
        return new WorkingFrame(w == frame.Width && h == frame.Height ? frame : Downscale(frame, w, h));
    }

    internal static RgbImage Downscale(RgbImage frame, int width, int height)
    {
        // Area interpolation averages every source pixel that falls in a target pixel: no aliasing of fine texture.
        using var src = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, frame.Pixels);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(width, height), 0, 0, InterpolationFlags.Area);
        var small = new RgbImage(width, height);
        if (dst.IsContinuous())
        {
            Marshal.Copy(dst.Data, small.Pixels, 0, small.Pixels.Length);
        }
        else
        {
            for (var y = 0; y < height; y++)
            {
                Marshal.Copy(dst.Ptr(y), small.Pixels, y * small.Stride, small.Stride);
            }
        }

        return small;
    }
}
