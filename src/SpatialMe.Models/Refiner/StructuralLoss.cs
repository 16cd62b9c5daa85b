using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// A structural-similarity term for training (not in the paper): the mean of (1 − SSIM) / 2 over the occluded pixels,
/// SSIM as Wang et al. 2004 and as <c>spatialme eval</c> measures it — 11×11 Gaussian window with σ = 1.5,
/// K1 = 0.01, K2 = 0.03 on values in [0, 1], per channel and averaged over R, G and B, the window reflected at the
/// borders. It stands where the paper's VGG19 perceptual term judges structure when no VGG19 weights are at hand:
/// L1 alone is content with a soft blend of two branches' textures in a hole, which keeps the mean colour and loses
/// the contrast that SSIM's window sees (Zhao et al. 2017, "Loss functions for image restoration with neural
/// networks", pair L1 with (MS-)SSIM for that reason).
/// </summary>
public static class StructuralLoss
{
    private const int Radius = 5;
    private const double Sigma = 1.5;
    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;

    /// <summary>The normalised 1-D Gaussian taps (the 2-D window is their outer product).</summary>
    private static readonly float[] Taps = GaussianTaps();

    /// <param name="output">N × 3 × H × W in [0, 1].</param>
    /// <param name="target">N × 3 × H × W, the ground truth.</param>
    /// <param name="occlusion">N × 1 × H × W, 1 in occlusions and 0 elsewhere; the mean is taken over its pixels
    /// (0 when there are none).</param>
    public static Tensor OccludedDssim(Tensor output, Tensor target, Tensor occlusion)
    {
        using var scope = NewDisposeScope();
        var map = SsimMap(output, target).mean([1], keepdim: true);
        var dssim = (1 - map) / 2;
        var count = occlusion.sum().clamp_min(1);
        return ((dssim * occlusion).sum() / count).MoveToOuterDisposeScope();
    }

    /// <summary>The per-pixel, per-channel SSIM map of two N × C × H × W images (same size).</summary>
    public static Tensor SsimMap(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var mx = Blur(x);
        var my = Blur(y);
        var sxx = Blur(x * x) - (mx * mx);
        var syy = Blur(y * y) - (my * my);
        var sxy = Blur(x * y) - (mx * my);
        var map = (((2 * mx * my) + C1) * ((2 * sxy) + C2)) / (((mx * mx) + (my * my) + C1) * (sxx + syy + C2));
        return map.MoveToOuterDisposeScope();
    }

    /// <summary>Separable Gaussian filter of each channel, borders reflected.</summary>
    private static Tensor Blur(Tensor image)
    {
        var channels = image.shape[1];
        var kernel = tensor(Taps, dtype: image.dtype, device: image.device);
        var vertical = kernel.reshape(1, 1, -1, 1).expand(channels, 1, -1, 1);
        var horizontal = kernel.reshape(1, 1, 1, -1).expand(channels, 1, 1, -1);
        var padded = nn.functional.pad(image, [Radius, Radius, Radius, Radius], TorchSharp.PaddingModes.Reflect);
        return nn.functional.conv2d(nn.functional.conv2d(padded, vertical, groups: channels), horizontal, groups: channels);
    }

    private static float[] GaussianTaps()
    {
        var taps = Enumerable.Range(-Radius, (2 * Radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * Sigma * Sigma))).ToArray();
        var sum = taps.Sum();
        return taps.Select(t => (float)(t / sum)).ToArray();
    }
}
