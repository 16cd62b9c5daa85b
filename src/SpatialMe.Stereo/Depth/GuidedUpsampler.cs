using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Edge-aware upsampling by the fast guided filter (He and Sun 2015): the guided filter's smooth coefficients (ā, b̄),
/// computed at the working resolution, are upsampled bilinearly and applied to the full-size luma, q = ā·I + b̄. Depth
/// steps therefore follow the full-resolution image edges, not the blocky working grid, at the cost of one pass over
/// the frame (luma is computed on the fly, nothing full-size is allocated but the output).
/// </summary>
internal static class GuidedUpsampler
{
    // BT.601 weights with the 1/255 folded in: luma in [0, 1] straight from 8-bit RGB.
    private const float LumaR = 0.299f / 255f;
    private const float LumaG = 0.587f / 255f;
    private const float LumaB = 0.114f / 255f;

    /// <summary>
    /// Full-size <c>floor + clamp(ā·I + b̄, 0, 1)</c>, I being the frame's BT.601 luma in [0, 1]; the floor keeps the
    /// result strictly positive, as inverse depth must be.
    /// </summary>
    public static FloatPlane Apply(RgbImage frame, FloatPlane a, FloatPlane b, float floor)
    {
        var width = frame.Width;
        var height = frame.Height;
        var (x0, x1, fx) = Taps(width, a.Width);
        var (y0, y1, fy) = Taps(height, a.Height);
        var output = new FloatPlane(width, height);
        var smallWidth = a.Width;
        Parallel.For(0, height, y =>
        {
            // Interpolate the two coefficient rows vertically once per output row (small: the working width), then
            // each pixel needs only a horizontal lerp.
            Span<float> aRow = stackalloc float[smallWidth];
            Span<float> bRow = stackalloc float[smallWidth];
            var aTop = a.ReadRow(y0[y]);
            var aBottom = a.ReadRow(y1[y]);
            var bTop = b.ReadRow(y0[y]);
            var bBottom = b.ReadRow(y1[y]);
            var wy = fy[y];
            for (var i = 0; i < smallWidth; i++)
            {
                aRow[i] = aTop[i] + ((aBottom[i] - aTop[i]) * wy);
                bRow[i] = bTop[i] + ((bBottom[i] - bTop[i]) * wy);
            }

            var rgb = frame.ReadRow(y);
            var dst = output.Row(y);
            for (var x = 0; x < width; x++)
            {
                int i0 = x0[x], i1 = x1[x];
                var wx = fx[x];
                var ax = aRow[i0] + ((aRow[i1] - aRow[i0]) * wx);
                var bx = bRow[i0] + ((bRow[i1] - bRow[i0]) * wx);
                var luma = (LumaR * rgb[3 * x]) + (LumaG * rgb[(3 * x) + 1]) + (LumaB * rgb[(3 * x) + 2]);
                var q = (ax * luma) + bx;
                q = q > 0f ? (q < 1f ? q : 1f) : 0f; // also maps NaN to 0
                dst[x] = floor + q;
            }
        });

        return output;
    }

    /// <summary>Bilinear taps from a full-size axis to a small one, pixel centres aligned.</summary>
    private static (int[] Lower, int[] Upper, float[] Fraction) Taps(int full, int small)
    {
        var lower = new int[full];
        var upper = new int[full];
        var fraction = new float[full];
        var scale = (double)small / full;
        for (var i = 0; i < full; i++)
        {
            var u = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, small - 1);
            var l = (int)u;
            lower[i] = l;
            upper[i] = Math.Min(l + 1, small - 1);
            fraction[i] = (float)(u - l);
        }

        return (lower, upper, fraction);
    }
}
