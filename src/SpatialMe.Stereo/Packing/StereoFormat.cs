namespace SpatialMe.Stereo.Packing;

/// <summary>How a left/right view pair is laid out in one output frame. CLI names: <see cref="StereoFormats"/>.</summary>
public enum StereoFormat
{
    /// <summary>Left | right at full resolution: 2W×H.</summary>
    FullSbs,

    /// <summary>Left | right, each squeezed to half width: W×H (3D TVs, frame-packing=3).</summary>
    HalfSbs,

    /// <summary>Left over right at full resolution: W×2H.</summary>
    FullTb,

    /// <summary>Left over right, each squeezed to half height: W×H.</summary>
    HalfTb,

    /// <summary>Right | left (for cross-eyed free viewing): 2W×H.</summary>
    Cross,

    /// <summary>Red-cyan anaglyph with Dubois' least-squares matrices: W×H.</summary>
    Anaglyph,

    /// <summary>Red = luma of the left view, green and blue from the right view: W×H.</summary>
    AnaglyphHalfColor,

    /// <summary>Red = luma of the left view, green = blue = luma of the right view: W×H.</summary>
    AnaglyphGray,

    /// <summary>The synthesised right view alone: W×H.</summary>
    Right,

    /// <summary>The disparity map as grey (min → 0, max → 255): W×H.</summary>
    Disparity,
}
