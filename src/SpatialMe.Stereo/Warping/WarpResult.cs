using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Warping;

/// <summary>What a forward warp of the left view into the right view produces.</summary>
/// <param name="Image">The right view with holes (hole pixels are black).</param>
/// <param name="Holes">Occlusion (hole) mask: right-view pixels no left pixel lands on, or that only the background
/// behind a gap in the foreground reached. Includes <paramref name="OutOfView"/>.</param>
/// <param name="Disparity">The disparity carried along with each pixel (0 in holes).</param>
/// <param name="OutOfView">Holes at the left and right image borders that the left view never saw (a subset of
/// <paramref name="Holes"/>); the rest are disocclusions behind foreground edges.</param>
/// <param name="EdgeFringe">Visible pixels just past a disocclusion that show the foreground edge's mixed pixel
/// (<see cref="Warping.EdgeFringe"/>).</param>
public sealed record WarpResult(RgbImage Image, Mask Holes, FloatPlane Disparity, Mask OutOfView, Mask EdgeFringe)
{
    /// <summary>Disocclusion holes only (holes that are not at the image border).</summary>
    public Mask Disocclusions()
    {
        var m = new Mask(Holes.Width, Holes.Height);
        for (var i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (byte)(Holes.Data[i] != 0 && OutOfView.Data[i] == 0 ? 1 : 0);
        }

        return m;
    }
}
