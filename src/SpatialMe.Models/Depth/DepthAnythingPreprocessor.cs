using SpatialMe.Stereo.Imaging;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// The reference's infer_image preprocessing: RGB / 255 in float64, resized keeping aspect ratio so the short side is
/// at least the input size and both sides are multiples of 14 (lower_bound rule), with OpenCV INTER_CUBIC semantics
/// (A = −0.75, edge pixels repeated, overshoot not clamped), ImageNet mean/std normalisation, then float32 CHW.
/// </summary>
public static class DepthAnythingPreprocessor
{
    /// <summary>The reference's default input size (short side).</summary>
    public const int DefaultInputSize = 518;

    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];

    /// <summary>
    /// The network input size for an image: scale = max(size/h, size/w) (the short side reaches the size), each side
    /// rounded to the nearest multiple of 14 (half to even, as np.round), or the next multiple up when rounding fell
    /// below the size.
    /// </summary>
    public static (int Width, int Height) NetworkSize(int width, int height, int inputSize = DefaultInputSize)
    {
        var scale = Math.Max((double)inputSize / height, (double)inputSize / width);
        return (Multiple(scale * width, inputSize), Multiple(scale * height, inputSize));
    }

    /// <summary>The normalised network input (1 × 3 × H × W, float32) for one frame.</summary>
    public static Tensor ToTensor(RgbImage frame, int inputSize = DefaultInputSize)
    {
        var (w, h) = NetworkSize(frame.Width, frame.Height, inputSize);
        var data = new float[3 * w * h];
        var src = new double[frame.Width * frame.Height];
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < src.Length; i++)
            {
                src[i] = frame.Pixels[(i * 3) + c] / 255.0;
            }

            var resized = CubicResize.Resize(src, frame.Width, frame.Height, w, h);
            for (var i = 0; i < resized.Length; i++)
            {
                data[(c * w * h) + i] = (float)((resized[i] - Mean[c]) / Std[c]);
            }
        }

        return tensor(data, [1, 3, h, w]);
    }

    private static int Multiple(double x, int minimum)
    {
        const int p = DepthAnythingConfig.PatchSize;
        var y = (int)(Math.Round(x / p, MidpointRounding.ToEven) * p);
        return y < minimum ? (int)(Math.Ceiling(x / p) * p) : y;
    }
}
