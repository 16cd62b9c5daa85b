namespace SpatialMe.Stereo.Metrics;

/// <summary>
/// The SSIM constants of Wang et al. 2004: an 11×11 Gaussian window with σ = 1.5 (separable, so it is stored as
/// the normalised 1-D kernel whose outer product is the normalised 2-D window), K1 = 0.01, K2 = 0.03, L = 255.
/// </summary>
internal static class SsimWindow
{
    public const int Radius = 5;

    public const int Taps = (2 * Radius) + 1;

    public const double Sigma = 1.5;

    public const double DynamicRange = 255.0;

    /// <summary>(K1·L)².</summary>
    public const double C1 = 0.01 * DynamicRange * 0.01 * DynamicRange;

    /// <summary>(K2·L)².</summary>
    public const double C2 = 0.03 * DynamicRange * 0.03 * DynamicRange;

    /// <summary>Normalised 1-D Gaussian weights for offsets −5 … +5.</summary>
    public static double[] Weights { get; } = BuildWeights();

    private static double[] BuildWeights()
    {
        var w = new double[Taps];
        var sum = 0.0;
        for (var i = 0; i < Taps; i++)
        {
            var d = i - Radius;
            w[i] = Math.Exp(-(d * d) / (2 * Sigma * Sigma));
            sum += w[i];
        }

        for (var i = 0; i < Taps; i++)
        {
            w[i] /= sum;
        }

        return w;
    }
}
