using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>One frame of a shot as the temporal branch sees it: the left view, its disparity, its warp, and the warp
/// with the expanded disparity (Algorithm 1), whose holes are bordered by background and so make a foreground-free
/// context for the spatial fallback.</summary>
public sealed record TemporalFrame(RgbImage Left, FloatPlane Disparity, WarpResult Warp, WarpResult ExpandedWarp)
{
    public static TemporalFrame Create(RgbImage left, FloatPlane disparity, int expansionRadius = DisparityExpansion.DefaultRadius, float expansionThreshold = DisparityExpansion.DefaultThreshold) =>
        new(left, disparity, ForwardWarp.Warp(left, disparity), ForwardWarp.Warp(left, DisparityExpansion.Expand(disparity, expansionRadius, expansionThreshold)));
}
