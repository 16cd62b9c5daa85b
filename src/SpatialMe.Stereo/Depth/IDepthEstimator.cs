using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Estimates relative depth for one video frame. The seam through which the default cue-based estimator and later
/// model-backed estimators (e.g. Depth Anything V2) plug into the pipeline.
/// </summary>
public interface IDepthEstimator
{
    /// <summary>Short id shown in the convert summary, e.g. "cues-v1".</summary>
    string Name { get; }

    /// <summary>One line for --help and the summary.</summary>
    string Description { get; }

    /// <summary>
    /// Relative inverse depth (near = larger; any positive scale) at the frame's size. <paramref name="previous"/> is
    /// the previous frame of the same shot (null at a shot's first frame) so estimators can use motion.
    /// </summary>
    FloatPlane Estimate(RgbImage frame, RgbImage? previous);
}
