namespace SpatialMe.Stereo.Inpainting;

/// <summary>How a source pixel is laid onto the polyline before rasterisation (stereo-methods.md §2.4).</summary>
public enum PolylineMode
{
    /// <summary>
    /// Each pixel becomes a flat plateau 0.9 px wide (half-width 0.45) in its own colour; only the 0.1 px joints and
    /// stretched disocclusions are interpolated, so texture stays crisp (thygate's <c>polylines_sharp</c>).
    /// </summary>
    Sharp,

    /// <summary>
    /// Each pixel is a single vertex at its shifted centre and colour is interpolated everywhere between neighbours,
    /// which blurs slightly (thygate's <c>polylines_soft</c>).
    /// </summary>
    Soft,
}
