using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// SpatialMe's Poly branch: the right view rendered from the left view by the polyline rasteriser, which resolves
/// occlusions by nearness and fills disocclusions by stretching, so it needs no separate hole mask or inpainting.
/// </summary>
public static class PolyInpaint
{
    /// <summary>
    /// Renders the right view from <paramref name="left"/> and its disparity (pixels, positive = nearer). A left pixel
    /// lands at <c>x - d</c>, so the shift is <c>-d</c>; closeness is <c>d - min d</c>, which orders pixels by nearness
    /// and is >= 0 like the original's <c>|shift|</c> (zero for the farthest pixel, as for the border sentinels).
    /// </summary>
    public static RgbImage RenderRightView(RgbImage left, FloatPlane disparity, PolylineMode mode = PolylineMode.Sharp)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(disparity);
        if (!left.SameSize(disparity))
        {
            throw new ArgumentException(
                $"Disparity ({disparity.Width}x{disparity.Height}) must match the left view ({left.Width}x{left.Height}).", nameof(disparity));
        }

        var farthest = FiniteMinimum(disparity.Data);

        // Shift and closeness are derived row by row into the rasteriser's per-thread buffers: no full-size planes.
        return PolylineRasterizer.Render(left, mode, (y, shift, closeness) =>
        {
            var d = disparity.ReadRow(y);
            for (var x = 0; x < d.Length; x++)
            {
                shift[x] = -d[x];
                closeness[x] = d[x] - farthest;
            }
        });
    }

    /// <summary>The smallest finite value (0 if there is none), so a stray NaN or infinity cannot poison every closeness.</summary>
    private static float FiniteMinimum(ReadOnlySpan<float> values)
    {
        var minimum = float.PositiveInfinity;
        foreach (var v in values)
        {
            if (v < minimum && float.IsFinite(v))
            {
                minimum = v;
            }
        }

        return float.IsFinite(minimum) ? minimum : 0f;
    }
}
