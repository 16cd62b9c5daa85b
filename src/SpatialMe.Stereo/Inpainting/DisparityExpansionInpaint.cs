using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>The DE branch: expand the left-view disparity (Algorithm 1), re-warp the left view with it, and fill the
/// holes, which are now bordered by background on both sides, with a row-wise ramp between the two.</summary>
public static class DisparityExpansionInpaint
{
    public static RgbImage RenderRightView(RgbImage left, FloatPlane disparity, int radius = DisparityExpansion.DefaultRadius, float threshold = DisparityExpansion.DefaultThreshold) =>
        Fill(ForwardWarp.Warp(left, DisparityExpansion.Expand(disparity, radius, threshold)));

    /// <summary>The branch's output from an already computed expanded-disparity warp.</summary>
    public static RgbImage Fill(WarpResult expandedWarp) => RowInterpolationFill.Fill(expandedWarp.Image, expandedWarp.Holes);
}
