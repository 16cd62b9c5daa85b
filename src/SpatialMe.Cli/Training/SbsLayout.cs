namespace SpatialMe.Cli.Training;

/// <summary>How a side-by-side stereo video packs its two views.</summary>
public enum SbsLayout
{
    /// <summary>Each half is a whole view at its own width (full side-by-side).</summary>
    Full,

    /// <summary>Each half is a view squeezed to half its width (half side-by-side): it is stretched back to full width.</summary>
    Half,
}
