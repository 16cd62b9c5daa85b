using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>A dense flow field stored at a reduced scale: <see cref="Scale"/> = flow-grid pixels per image pixel.
/// Vectors are in image pixels.</summary>
public sealed record FlowField(FloatPlane X, FloatPlane Y, float Scale)
{
    /// <summary>The flow at image position (x, y), bilinear on the grid.</summary>
    public (float Dx, float Dy) At(float x, float y) => (X.Sample(x * Scale, y * Scale), Y.Sample(x * Scale, y * Scale));
}

/// <summary>Dense optical flow between two frames (OpenCV Farnebäck on downscaled luma; deterministic).</summary>
public static class OpticalFlow
{
    /// <summary>Longest side of the grid the flow is computed on: enough for disocclusion-sized motion, and fast.</summary>
    public const int DefaultGridSize = 480;

    public static float GridScale(int width, int height, int gridSize = DefaultGridSize) =>
        Math.Min(1f, (float)gridSize / Math.Max(width, height));

    /// <summary>Flow from <paramref name="from"/> to <paramref name="to"/>: a pixel at p in <paramref name="from"/> is
    /// at p + flow(p) in <paramref name="to"/>.</summary>
    public static FlowField Compute(RgbImage from, RgbImage to, int gridSize = DefaultGridSize)
    {
        var scale = GridScale(from.Width, from.Height, gridSize);
        using var a = ToGridLuma(from, scale);
        using var b = ToGridLuma(to, scale);
        using var flow = new Mat();
        // A small window keeps motion boundaries sharp (disocclusions sit exactly on them); the pyramid handles large motion.
        Cv2.CalcOpticalFlowFarneback(a, b, flow, 0.5, 4, 9, 4, 5, 1.1, OpticalFlowFlags.FarnebackGaussian);
        var gw = a.Width;
        var gh = a.Height;
        flow.GetArray(out Vec2f[] vectors);
        var fx = new FloatPlane(gw, gh);
        var fy = new FloatPlane(gw, gh);
        var inv = 1f / scale;
        for (var i = 0; i < vectors.Length; i++)
        {
            fx.Data[i] = vectors[i].Item0 * inv;
            fy.Data[i] = vectors[i].Item1 * inv;
        }

        return new FlowField(fx, fy, scale);
    }

    internal static Mat ToGridLuma(RgbImage image, float scale)
    {
        var luma = image.ToLuma();
        var bytes = new byte[luma.Data.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp((int)(luma.Data[i] + 0.5f), 0, 255);
        }

        using var full = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC1, bytes);
        if (scale >= 1f)
        {
            return full.Clone();
        }

        var gw = Math.Max(1, (int)MathF.Round(image.Width * scale));
        var gh = Math.Max(1, (int)MathF.Round(image.Height * scale));
        var small = new Mat();
        Cv2.Resize(full, small, new Size(gw, gh), 0, 0, InterpolationFlags.Area);
        return small;
    }
}
