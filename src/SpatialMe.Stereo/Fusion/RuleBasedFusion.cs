using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// Rule-based masks and content for eqs. 1–3 until a learned refiner is given. Each says where a branch is reliable:
/// <list type="bullet">
/// <item>Visible pixels: the temporal branch carries the forward warp unchanged there, and the splatted warp is the most
/// faithful rendering of seen pixels (the Poly rasteriser interpolates across depth edges inside a pixel, DE moves a
/// strip of background with each foreground edge). M2 = 0.</item>
/// <item>The edge fringe (<see cref="Warping.EdgeFringe"/>): the visible pixels just past a disocclusion that show a
/// foreground edge's mixed pixel, a false edge in the background. The content C there is the mean of DE's rendering
/// (DE carried the mixed pixel away with the foreground) and the nearest clean background pixel
/// (<see cref="FringeFill"/>), M3 = 0; where there is no such pixel, DE (M1 = 0, M2 = 1).</item>
/// <item>Disocclusions: pixels the temporal branch took from a neighbouring frame are real observations and win outright
/// (M1 = 0, M2 = 0). Where it could only fill spatially there are three fills from the same background-only context by
/// different means — DE's row ramp after expansion, the temporal branch's fast marching (Telea) over the expanded warp,
/// and the nearest background pixel copied along the row (the naive fill) — and the content C is their per-channel
/// median (<see cref="MedianFill"/>), M3 = 0. Poly is left out: its stretch ramps foreground colour into the hole.</item>
/// <item>The border band the left view never saw: the only evidence is the last column seen, which Poly's sentinel
/// segment extends (M1 = M2 = 1).</item>
/// </list>
/// Elsewhere M3 = 1 and C is DE's image (unused).
/// </summary>
public static class RuleBasedFusion
{
    /// <param name="de">The DE branch's result; the masks' content starts as a copy of it, which a refiner may overwrite.</param>
    public static FusionMasks Masks(WarpResult warp, TemporalFill temporal, RgbImage de)
    {
        var w = warp.Image.Width;
        var h = warp.Image.Height;
        var m1 = new FloatPlane(w, h);
        var m2 = new FloatPlane(w, h);
        var m3 = new FloatPlane(w, h);
        var spatialDisocclusions = new Mask(w, h);
        var content = de.Clone();
        Parallel.For(0, h, y =>
        {
            var holes = warp.Holes.ReadRow(y);
            var outOfView = warp.OutOfView.ReadRow(y);
            var fringe = warp.EdgeFringe.ReadRow(y);
            var spatial = temporal.SpatiallyFilled.ReadRow(y);
            var median = spatialDisocclusions.Row(y);
            var r1 = m1.Row(y);
            var r2 = m2.Row(y);
            var r3 = m3.Row(y);
            for (var x = 0; x < w; x++)
            {
                r3[x] = 1f;
                if (holes[x] == 0 && fringe[x] != 0)
                {
                    r1[x] = 0f;
                    r2[x] = 1f;
                    if (FringeFill.TryFill(x, fringe, holes, warp.Image.ReadRow(y), de.ReadRow(y), content.Row(y)))
                    {
                        r3[x] = 0f;
                    }
                }
                else if (holes[x] == 0)
                {
                    r1[x] = 1f;
                    r2[x] = 0f;
                }
                else if (outOfView[x] != 0)
                {
                    r1[x] = 1f;
                    r2[x] = 1f;
                }
                else if (spatial[x] != 0)
                {
                    r1[x] = 0f;
                    r2[x] = 1f;
                    r3[x] = 0f;
                    median[x] = 1;
                }
                else
                {
                    r1[x] = 0f;
                    r2[x] = 0f;
                }
            }
        });

        if (spatialDisocclusions.Count() > 0)
        {
            var naive = BackgroundFill.NaiveView(warp);
            MedianFill.Apply(de, temporal.Image, naive, spatialDisocclusions, content);
        }

        return new FusionMasks(m1, m2, m3, content);
    }

    public static RgbImage Fuse(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal) =>
        BranchFusion.Apply(poly, de, temporal.Image, Masks(warp, temporal, de));
}
