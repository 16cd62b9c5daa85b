using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// Rule-based masks for eqs. 1–3 until the learned refiner exists. Each mask says where a branch is reliable:
/// <list type="bullet">
/// <item>Visible pixels: the temporal branch carries the forward warp unchanged there, and the splatted warp is the most
/// faithful rendering of seen pixels (the Poly rasteriser interpolates across depth edges inside a pixel, DE moves a
/// strip of background with each foreground edge). M2 = 0.</item>
/// <item>Disocclusions: Poly stretches the row from the foreground edge colour to the background one, so every pixel it
/// puts there carries some foreground; DE fills from background on both sides (M1 = 0). Pixels the temporal branch took
/// from a neighbouring frame are real observations and win outright (M2 = 0). Where it could only fill spatially, it
/// and DE fill from the same background-only context by different means (Telea's fast marching vs a row ramp) with
/// independent errors, and their mean has a lower expected squared error than either (M2 = 1/2).</item>
/// <item>The border band the left view never saw: the only evidence is the last column seen, which Poly's sentinel
/// segment extends (M1 = M2 = 1).</item>
/// <item>M3 = 1 everywhere: the rule-based fusion has no content generator; making C is the learned refiner's job.</item>
/// </list>
/// </summary>
public static class RuleBasedFusion
{
    /// <summary>Weight of DE against the temporal branch's spatial fallback in disocclusions.</summary>
    public const float SpatialBlend = 0.5f;

    public static FusionMasks Masks(WarpResult warp, TemporalFill temporal, RgbImage content)
    {
        var w = warp.Image.Width;
        var h = warp.Image.Height;
        var m1 = new FloatPlane(w, h);
        var m2 = new FloatPlane(w, h);
        var m3 = new FloatPlane(w, h);
        Array.Fill(m3.Data, 1f);
        Parallel.For(0, h, y =>
        {
            var holes = warp.Holes.ReadRow(y);
            var outOfView = warp.OutOfView.ReadRow(y);
            var spatial = temporal.SpatiallyFilled.ReadRow(y);
            var r1 = m1.Row(y);
            var r2 = m2.Row(y);
            for (var x = 0; x < w; x++)
            {
                if (holes[x] == 0)
                {
                    r1[x] = 1f;
                    r2[x] = 0f;
                }
                else if (outOfView[x] != 0)
                {
                    r1[x] = 1f;
                    r2[x] = 1f;
                }
                else
                {
                    r1[x] = 0f;
                    r2[x] = spatial[x] != 0 ? SpatialBlend : 0f;
                }
            }
        });

        return new FusionMasks(m1, m2, m3, content);
    }

    public static RgbImage Fuse(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal) =>
        BranchFusion.Apply(poly, de, temporal.Image, Masks(warp, temporal, de));
}
