using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// The seam for the learned MHFU refiner (SpatialMe.Models): it looks at a frame's warp and the three branch results
/// and returns the masks and content of eqs. 1–3, which <see cref="BranchFusion.Apply"/> then applies exactly as it
/// applies the rule-based ones. The stereo core knows only this interface, so it stays free of TorchSharp; a
/// <see cref="Pipeline.ViewSynthesizer"/> without a refiner uses <see cref="RuleBasedFusion"/>.
/// </summary>
public interface IFusionRefiner
{
    /// <param name="warp">The forward warp of the left view: the warped frame and its occlusion (hole) mask.</param>
    /// <param name="poly">The Poly branch's right view.</param>
    /// <param name="de">The DE branch's right view.</param>
    /// <param name="temporal">The temporal branch's right view, and which holes it could only fill spatially.</param>
    /// <returns>Masks and content the size of the frame, values in [0, 1].</returns>
    FusionMasks Masks(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal);
}
