using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Packing;

/// <summary>
/// Red-cyan anaglyph by Dubois' least-squares projection (E. Dubois, "A projection method to generate anaglyph
/// stereo images", ICASSP 2001), with the red-cyan matrices he published:
/// <code>
///        left                       right
///  0.437  0.449  0.164       -0.011 -0.032 -0.007
/// -0.062 -0.062 -0.024        0.377  0.761  0.009
/// -0.048 -0.050 -0.017       -0.026 -0.093  1.234
/// </code>
/// out = Mleft·left + Mright·right.
/// </summary>
/// <remarks>
/// The matrices are applied to linear light: both views are sRGB-decoded, projected, clamped to [0, 1] and
/// sRGB-encoded (rounded to the nearest code). Dubois derives the projection in a linear colour space (it models
/// additive mixing of display primaries through the filters), so linear input is what the matrices assume; applied
/// to gamma-encoded values they give darker, hue-shifted mid-tones. White on both views maps to (1, 0.999, 1).
/// </remarks>
internal static class DuboisAnaglyph
{
    private static readonly float[] Left =
    [
        0.437f, 0.449f, 0.164f,
        -0.062f, -0.062f, -0.024f,
        -0.048f, -0.050f, -0.017f,
    ];

    private static readonly float[] Right =
    [
        -0.011f, -0.032f, -0.007f,
        0.377f, 0.761f, 0.009f,
        -0.026f, -0.093f, 1.234f,
    ];

    public static void Render(RgbImage left, RgbImage right, RgbImage output)
    {
        var lin = SrgbTransfer.ToLinear;
        var width = left.Width;
        Parallel.For(0, left.Height, y =>
        {
            var l = left.ReadRow(y);
            var r = right.ReadRow(y);
            var o = output.Row(y);
            for (var x = 0; x < width; x++)
            {
                var p = 3 * x;
                float lr = lin[l[p]], lg = lin[l[p + 1]], lb = lin[l[p + 2]];
                float rr = lin[r[p]], rg = lin[r[p + 1]], rb = lin[r[p + 2]];
                for (var c = 0; c < 3; c++)
                {
                    var m = 3 * c;
                    var v = (Left[m] * lr) + (Left[m + 1] * lg) + (Left[m + 2] * lb)
                        + (Right[m] * rr) + (Right[m + 1] * rg) + (Right[m + 2] * rb);
                    o[p + c] = SrgbTransfer.Encode(v);
                }
            }
        });
    }
}
