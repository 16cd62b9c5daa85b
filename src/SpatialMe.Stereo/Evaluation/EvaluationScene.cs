using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Evaluation;

/// <summary>A real stereo pair with ground-truth disparity of the left view, in pixels (0 or NaN = unknown).</summary>
/// <param name="ValidDisparity">Optional mask of left pixels whose ground truth is trustworthy; the rest count as unknown.</param>
public sealed record EvaluationScene(string Name, RgbImage Left, RgbImage Right, FloatPlane Disparity, Mask? ValidDisparity = null)
{
    /// <summary>The divisor that turned the stored disparity values into pixels (reported by eval).</summary>
    public double DisparityScale { get; init; } = 1;
}
