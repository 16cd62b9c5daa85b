using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// Normalised inverse depth n ∈ [0, 1] (near = 1) → right-view disparity in pixels:
/// <c>d = (divergence / 100) · W · (n − convergence)</c>. The right view places left pixel x at x − d, so near pixels
/// (d &gt; 0) move left and appear in front of the screen; pixels at n = convergence stay put (zero parallax).
/// </summary>
public static class DisparityMapping
{
    public static FloatPlane ToDisparity(FloatPlane normalizedDepth, DisparitySettings settings)
    {
        settings.Validate();
        var range = (float)settings.RangePixels(normalizedDepth.Width);
        var convergence = (float)settings.Convergence;
        var result = new FloatPlane(normalizedDepth.Width, normalizedDepth.Height);
        var src = normalizedDepth.Data;
        var dst = result.Data;
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = range * (Math.Clamp(src[i], 0f, 1f) - convergence);
        }

        return result;
    }
}
