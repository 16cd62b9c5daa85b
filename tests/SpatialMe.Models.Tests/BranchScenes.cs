using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

/// <summary>A frame through the real stereo core: the warp of a layered scene and the Poly, DE and temporal branch
/// results the refiner fuses.</summary>
internal sealed record BranchScene(TemporalFrame Frame, RgbImage Poly, RgbImage De, TemporalFill Temporal)
{
    public static BranchScene Of(LayeredScene scene)
    {
        var frame = TemporalFrame.Create(scene.Left(), scene.Disparity());
        return new BranchScene(
            frame,
            PolyInpaint.RenderRightView(frame.Left, frame.Disparity),
            DisparityExpansionInpaint.Fill(frame.ExpandedWarp),
            TemporalInpaint.Fill([frame])[0]);
    }

    /// <summary>One foreground rectangle in the middle of a frame whose size is no multiple of 8: a single
    /// disocclusion beside it, far from every border, so its tile has context on all four sides.</summary>
    public static BranchScene OneObject() =>
        Of(new LayeredScene(198, 138, backgroundDisparity: 0).Add(80, 50, 40, 40, disparity: 12, seed: 4));

    /// <summary>Several small objects on a small frame, and the out-of-view band at its border: the tiles' contexts
    /// together exceed the frame.</summary>
    public static BranchScene Crowded() =>
        Of(new LayeredScene(70, 50, backgroundDisparity: 1)
            .Add(6, 6, 10, 10, disparity: 6, seed: 3)
            .Add(40, 8, 12, 10, disparity: 8, seed: 5)
            .Add(20, 30, 14, 12, disparity: 10, seed: 6));
}
