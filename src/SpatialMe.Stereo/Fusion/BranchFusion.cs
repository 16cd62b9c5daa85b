using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// The paper's fusion, eqs. 1–3: I_f1 = M1·I_p + (1 − M1)·I_e; I_f2 = M2·I_f1 + (1 − M2)·I_l; I_g = M3·I_f2 + (1 − M3)·C.
/// The masks come from the rule-based fusion now and from the learned refiner later.
/// </summary>
public static class BranchFusion
{
    public static RgbImage Apply(RgbImage poly, RgbImage de, RgbImage temporal, FusionMasks masks)
    {
        var result = new RgbImage(poly.Width, poly.Height);
        var w = poly.Width;
        Parallel.For(0, poly.Height, y =>
        {
            var p = poly.ReadRow(y);
            var e = de.ReadRow(y);
            var l = temporal.ReadRow(y);
            var c = masks.Content.ReadRow(y);
            var m1 = masks.M1.ReadRow(y);
            var m2 = masks.M2.ReadRow(y);
            var m3 = masks.M3.ReadRow(y);
            var dst = result.Row(y);
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var i = (3 * x) + k;
                    var f1 = (m1[x] * p[i]) + ((1 - m1[x]) * e[i]);
                    var f2 = (m2[x] * f1) + ((1 - m2[x]) * l[i]);
                    var g = (m3[x] * f2) + ((1 - m3[x]) * c[i]);
                    dst[i] = (byte)Math.Clamp((int)(g + 0.5f), 0, 255);
                }
            }
        });
        return result;
    }
}
