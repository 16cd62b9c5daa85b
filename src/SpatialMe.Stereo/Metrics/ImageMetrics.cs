using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Metrics;

/// <summary>Full-reference metrics (MAE, PSNR, SSIM) of a synthesised view against the captured one.</summary>
public static class ImageMetrics
{
    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="reference"/> over <paramref name="region"/>
    /// (every pixel when null).
    /// </summary>
    /// <remarks>
    /// MAE is on a [0, 1] scale over R, G and B. PSNR is <c>10·log10(255² / MSE)</c> over R, G and B and is
    /// +∞ when the images agree on every pixel of the region. SSIM follows Wang et al. 2004 (11×11 Gaussian,
    /// σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255) per channel, averaged; its map is computed with the window over the
    /// whole image (reflected borders, see <see cref="GaussianSsim"/>) and averaged over the region's pixels, so
    /// pixels outside the region still feed the windows of pixels inside it. An empty region gives NaN metrics
    /// and <see cref="MetricSet.PixelCount"/> 0.
    /// </remarks>
    public static MetricSet Compare(RgbImage reference, RgbImage candidate, Mask? region = null)
    {
        RequireComparable(reference, candidate);

        if (region is not null && (region.Width != reference.Width || region.Height != reference.Height))
        {
            throw new ArgumentException(
                $"Region mask is {region.Width}x{region.Height} but the images are {reference.Width}x{reference.Height}.",
                nameof(region));
        }

        var pixelCount = region?.Count() ?? (reference.Width * reference.Height);
        if (pixelCount == 0)
        {
            return MetricSet.Empty;
        }

        var (absSum, sqSum) = PixelErrorSums.Compute(reference, candidate, region);
        var samples = 3.0 * pixelCount;
        var mae = absSum / (samples * 255.0);
        var mse = sqSum / samples;
        var psnr = sqSum == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(255.0 * 255.0 / mse);
        var ssim = GaussianSsim.Mean(reference, candidate, region, pixelCount);
        return new MetricSet(mae, psnr, ssim, pixelCount);
    }

    /// <summary>Throws unless both images are given and of one size: a candidate is compared pixel for pixel.</summary>
    internal static void RequireComparable(RgbImage reference, RgbImage candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!reference.SameSize(candidate))
        {
            throw new ArgumentException(
                $"Candidate is {candidate.Width}x{candidate.Height} but the reference is {reference.Width}x{reference.Height}.",
                nameof(candidate));
        }
    }
}
