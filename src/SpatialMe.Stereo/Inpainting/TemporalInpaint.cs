using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// The temporal branch (the paper's DL branch, after ProPainter's non-learned image propagation): holes in the
/// warped right view are filled with pixels that neighbouring frames actually saw, carried along optical flow.
/// <list type="number">
/// <item>Flow between consecutive left frames (both directions) is turned into right-view flow: a right pixel maps to
/// its left source, follows the left flow, and maps back with the next frame's disparity. Flow inside holes is taken
/// from the hole's background side, since a disocclusion moves with the background.</item>
/// <item>A backward pass (from the last frame to the first) and then a forward pass fill each frame's holes from the
/// already-propagated neighbour, wherever the forward-backward consistency check passes and the neighbour knows the
/// pixel, so content can travel over many frames.</item>
/// <item>What no frame saw is filled spatially (<see cref="SpatialInpaint"/>, Telea) over the expanded-disparity warp,
/// whose holes have background on both sides, so the fill does not drag foreground into the disocclusion (the paper's
/// "DL + DE" combination).</item>
/// </list>
/// With one frame (a still image) only the spatial fill remains.
/// </summary>
public static class TemporalInpaint
{
    /// <summary>Squared forward-backward mismatch (px²) always tolerated.</summary>
    public const float ConsistencySlack = 2.5f;

    /// <summary>Fills the right views of all <paramref name="frames"/>.</summary>
    public static TemporalFill[] Fill(IReadOnlyList<TemporalFrame> frames, int flowGridSize = OpticalFlow.DefaultGridSize) =>
        Fill(frames, 0, frames.Count, flowGridSize);

    /// <summary>Fills the right views of frames [<paramref name="firstTarget"/>, + <paramref name="targetCount"/>);
    /// the other frames (context) serve as sources only.</summary>
    public static TemporalFill[] Fill(IReadOnlyList<TemporalFrame> frames, int firstTarget, int targetCount, int flowGridSize = OpticalFlow.DefaultGridSize, RightFlowCache? cache = null)
    {
        cache ??= new RightFlowCache();
        ArgumentOutOfRangeException.ThrowIfNegative(firstTarget);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstTarget + targetCount, frames.Count, nameof(targetCount));
        var n = frames.Count;
        var images = new RgbImage[n];
        var holes = new Mask[n];
        for (var t = 0; t < n; t++)
        {
            images[t] = frames[t].Warp.Image.Clone();
            holes[t] = frames[t].Warp.Holes.Clone();
        }

        if (n > 1)
        {
            var toNext = new RightFlow[n - 1];
            var toPrevious = new RightFlow[n - 1];
            Parallel.For(0, n - 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
            {
                var (a, b) = (frames[t], frames[t + 1]);
                (toNext[t], toPrevious[t]) = cache.GetOrAdd(a, b, () => (
                    RightFlow.From(a, b, OpticalFlow.Compute(a.Left, b.Left, flowGridSize)),
                    RightFlow.From(b, a, OpticalFlow.Compute(b.Left, a.Left, flowGridSize))));
            });

            // Backward pass: frame t takes from t + 1 (already holding what later frames supplied).
            for (var t = n - 2; t >= 0; t--)
            {
                Propagate(images[t], holes[t], images[t + 1], holes[t + 1], toNext[t], toPrevious[t]);
            }

            // Forward pass: frame t takes from t − 1.
            for (var t = 1; t < n; t++)
            {
                Propagate(images[t], holes[t], images[t - 1], holes[t - 1], toPrevious[t - 1], toNext[t - 1]);
            }
        }

        var result = new TemporalFill[targetCount];
        for (var i = 0; i < targetCount; i++)
        {
            var t = firstTarget + i;
            result[i] = new TemporalFill(FillSpatially(images[t], holes[t], frames[t].ExpandedWarp), holes[t]);
        }

        return result;
    }

    private static RgbImage FillSpatially(RgbImage image, Mask holes, Warping.WarpResult expanded)
    {
        if (holes.Count() == 0)
        {
            return image;
        }

        var background = SpatialInpaint.Fill(expanded.Image, expanded.Holes);
        var result = image.Clone();
        for (var i = 0; i < holes.Data.Length; i++)
        {
            if (holes.Data[i] != 0)
            {
                result.Pixels[3 * i] = background.Pixels[3 * i];
                result.Pixels[(3 * i) + 1] = background.Pixels[(3 * i) + 1];
                result.Pixels[(3 * i) + 2] = background.Pixels[(3 * i) + 2];
            }
        }

        return result;
    }

    /// <summary>Fills holes of <paramref name="target"/> from <paramref name="source"/> along <paramref name="flow"/>
    /// (target → source), checked against <paramref name="back"/> (source → target). Updates the target's mask.</summary>
    internal static void Propagate(RgbImage target, Mask targetHoles, RgbImage source, Mask sourceHoles, RightFlow flow, RightFlow back)
    {
        var w = target.Width;
        var h = target.Height;
        var filled = new Mask(w, h);
        Parallel.For(0, h, y =>
        {
            var mask = targetHoles.ReadRow(y);
            var dst = target.Row(y);
            var done = filled.Row(y);
            for (var x = 0; x < w; x++)
            {
                if (mask[x] == 0)
                {
                    continue;
                }

                var (fx, fy) = flow.At(x, y);
                var qx = x + fx;
                var qy = y + fy;
                if (qx < 0 || qy < 0 || qx > w - 1 || qy > h - 1)
                {
                    continue;
                }

                var (bx, by) = back.At(qx, qy);
                var sumX = fx + bx;
                var sumY = fy + by;
                // ProPainter's test, |f + b|² < 0.01·(|f|² + |b|²) + 0.5, with a looser constant: classical flow is
                // smeared by up to a pixel or so at motion boundaries, which is exactly where disocclusions are.
                var bound = (0.01f * ((fx * fx) + (fy * fy) + (bx * bx) + (by * by))) + ConsistencySlack;
                if ((sumX * sumX) + (sumY * sumY) >= bound)
                {
                    continue; // the flow is not consistent here (occlusion or a flow error): don't trust it
                }

                if (SampleKnown(source, sourceHoles, qx, qy, dst.Slice(3 * x, 3)))
                {
                    done[x] = 1;
                }
            }
        });

        for (var i = 0; i < filled.Data.Length; i++)
        {
            if (filled.Data[i] != 0)
            {
                targetHoles.Data[i] = 0;
            }
        }
    }

    /// <summary>Bilinear colour at (x, y) when all four neighbours are known; else the nearest one if it is known.</summary>
    private static bool SampleKnown(RgbImage image, Mask holes, float x, float y, Span<byte> rgb)
    {
        var w = image.Width;
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, w - 1);
        var y1 = Math.Min(y0 + 1, image.Height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var p = image.Pixels;
        var m = holes.Data;
        int i00 = (y0 * w) + x0, i01 = (y0 * w) + x1, i10 = (y1 * w) + x0, i11 = (y1 * w) + x1;
        if (m[i00] == 0 && m[i01] == 0 && m[i10] == 0 && m[i11] == 0)
        {
            for (var c = 0; c < 3; c++)
            {
                var top = (p[(3 * i00) + c] * (1 - fx)) + (p[(3 * i01) + c] * fx);
                var bottom = (p[(3 * i10) + c] * (1 - fx)) + (p[(3 * i11) + c] * fx);
                rgb[c] = (byte)((top * (1 - fy)) + (bottom * fy) + 0.5f);
            }

            return true;
        }

        var nx = fx < 0.5f ? x0 : x1;
        var ny = fy < 0.5f ? y0 : y1;
        var ni = (ny * w) + nx;
        if (m[ni] != 0)
        {
            return false;
        }

        rgb[0] = p[3 * ni];
        rgb[1] = p[(3 * ni) + 1];
        rgb[2] = p[(3 * ni) + 2];
        return true;
    }
}
