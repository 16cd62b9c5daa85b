namespace SpatialMe.Stereo.Metrics;

/// <summary>
/// Full-reference image quality of a candidate against a reference, over the pixels of an evaluation region.
/// </summary>
/// <param name="Mae">Mean absolute error over the R, G and B channels, on a [0, 1] scale (byte error / 255).</param>
/// <param name="Psnr">
/// Peak signal-to-noise ratio in dB, <c>10·log10(255² / MSE)</c> with the MSE over R, G and B;
/// <see cref="double.PositiveInfinity"/> when the images are identical over the region.
/// </param>
/// <param name="Ssim">Mean structural similarity (Wang et al. 2004), per channel and averaged over R, G and B.</param>
/// <param name="PixelCount">Pixels in the region. Zero for an empty region, in which case every metric is NaN.</param>
public sealed record MetricSet(double Mae, double Psnr, double Ssim, int PixelCount)
{
    /// <summary>The result for an empty region: nothing was measured, so every metric is NaN.</summary>
    public static MetricSet Empty { get; } = new(double.NaN, double.NaN, double.NaN, 0);
}
