using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// Rule-based masks for eqs. 1–3 until the learned refiner exists. Each mask says where a branch is reliable:
/// <list type="bullet">
/// <item>Outside holes every branch carries the warped pixels; the Poly rasteriser does so with exact box coverage and
/// no splat blur, so the masks pick it (M1 = M2 = M3 = 1).</item>
/// <item>M1 (Poly vs DE) inside holes: Poly stretches the row from the foreground edge colour to the background one,
/// so every disocclusion pixel carries some foreground; DE fills from background on both sides. M1 = 0.</item>
/// <item>M2 (that blend vs temporal): pixels the temporal branch took from a neighbouring frame are real observations,
/// so they win outright (M2 = 0). Where it could only fill spatially, both it and DE fill from the same background
/// context by different means (Telea's fast marching vs a row ramp), with independent errors; their mean
/// (M2 = 1/2) has a lower expected error than either.</item>
/// <item>M3 (vs content C): at the image border the left view never saw (out of view), no branch has evidence and each
/// guesses differently; C is the mean of the three guesses, which lowers the expected error of any one of them
/// (M3 = 0 there, 1 elsewhere).</item>
/// </list>
/// </summary>
public static class RuleBasedFusion
{
    public static FusionMasks Masks(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal)
    {
        var w = warp.Image.Width;
        var h = warp.Image.Height;
        var m1 = new FloatPlane(w, h);
        var m2 = new FloatPlane(w, h);
        var m3 = new FloatPlane(w, h);
        var content = new RgbImage(w, h);
        Parallel.For(0, h, y =>
        {
            var holes = warp.Holes.ReadRow(y);
            var outOfView = warp.OutOfView.ReadRow(y);
            var spatial = temporal.SpatiallyFilled.ReadRow(y);
            var r1 = m1.Row(y);
            var r2 = m2.Row(y);
            var r3 = m3.Row(y);
            r1.Fill(1);
            r2.Fill(1);
            r3.Fill(1);
            var x = 0;
            while (x < w)
            {
                if (holes[x] == 0)
                {
                    x++;
                    continue;
                }

                var end = HoleRuns.RunEnd(holes, x);
                for (var i = x; i < end; i++)
                {
                    r1[i] = 0f;
                    r2[i] = spatial[i] != 0 ? 0.5f : 0f;
                    r3[i] = outOfView[i] != 0 ? 0f : 1f;
                }

                x = end;
            }

            Mean(poly.ReadRow(y), de.ReadRow(y), temporal.Image.ReadRow(y), content.Row(y));
        });

        return new FusionMasks(m1, m2, m3, content);
    }

    public static RgbImage Fuse(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal) =>
        BranchFusion.Apply(poly, de, temporal.Image, Masks(warp, poly, de, temporal));

    private static void Mean(ReadOnlySpan<byte> p, ReadOnlySpan<byte> e, ReadOnlySpan<byte> l, Span<byte> content)
    {
        for (var i = 0; i < content.Length; i++)
        {
            content[i] = (byte)((p[i] + e[i] + l[i] + 1) / 3);
        }
    }
}
