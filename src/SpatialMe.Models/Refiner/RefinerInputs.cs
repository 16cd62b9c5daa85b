using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The refiner's input tensor, 1 × 13 (or 19, 20 or 23) × H' × W', float32, every value in [0, 1] (8-bit values divided by 255; no mean
/// or standard-deviation normalisation, since all inputs share one scale and the first convolution's bias absorbs the
/// offset):
/// <list type="table">
/// <item><term>0–2</term><description>Poly branch result, R G B</description></item>
/// <item><term>3–5</term><description>DE branch result, R G B</description></item>
/// <item><term>6–8</term><description>temporal branch result, R G B</description></item>
/// <item><term>9</term><description>occlusion mask: 1 where the forward warp left a hole (disocclusions and the border
/// band the left view never saw, <see cref="WarpResult.Holes"/>), else 0</description></item>
/// <item><term>10–12</term><description>warped frame, R G B (0 in holes), <see cref="WarpResult.Image"/></description></item>
/// </list>
/// Those 13 are the paper's inputs. A refiner that corrects the rule-based fusion (<see cref="HeadOutput.Residual"/>)
/// also gets the rules' result of eqs. 1–3 for the frame (<see cref="RuleBasedFusion.Masks"/>), so it sees what it
/// corrects:
/// <list type="table">
/// <item><term>13–15</term><description>the rules' masks M1, M2, M3 (0 or 1)</description></item>
/// <item><term>16–18</term><description>the rules' content C, R G B</description></item>
/// </list>
/// A correcting refiner made to read the depth too (<c>train refiner --disparity-input</c>) gets one more, so that it
/// can tell which side of a hole is the background the hole must show:
/// <list type="table">
/// <item><term>19</term><description>the warped disparity (<see cref="WarpResult.Disparity"/>), relative to the frame's:
/// 0 at its farthest visible pixel, 1 at its nearest (0.5 everywhere visible when the frame is flat); 0 in the
/// holes</description></item>
/// </list>
/// A refiner whose content is a choice among the background-only fills (<see cref="HeadOutput.Choice"/>,
/// <c>train refiner --content-choice</c>) reads all 20 and the one fill of the three that is not a branch result:
/// <list type="table">
/// <item><term>20–22</term><description>the naive fill (<see cref="BackgroundFill"/>: each hole run takes the colour of
/// its background-side neighbour), R G B; the warped frame elsewhere</description></item>
/// </list>
/// H' and W' are H and W rounded up to multiples of the network's downsampling factor; the extra rows and columns
/// repeat the last row and column (edge padding), and are cropped from the output.
/// </summary>
public static class RefinerInputs
{
    public const int Channels = 13;
    public const int Poly = 0;
    public const int De = 3;
    public const int Temporal = 6;
    public const int Occlusion = 9;
    public const int Warped = 10;

    /// <summary>Channels with the rule-based fusion's masks and content (<see cref="RuleMasks"/>, <see cref="RuleContent"/>).</summary>
    public const int ChannelsWithRules = 19;
    public const int RuleMasks = 13;
    public const int RuleContent = 16;

    /// <summary>Channels with the relative warped disparity too (<see cref="Disparity"/>).</summary>
    public const int ChannelsWithDisparity = 20;
    public const int Disparity = 19;

    /// <summary>Channels with the naive fill too (<see cref="Naive"/>).</summary>
    public const int ChannelsWithFills = 23;
    public const int Naive = 20;

    /// <summary>The input tensor for one frame, padded to <paramref name="paddedWidth"/> × <paramref name="paddedHeight"/>:
    /// 13 channels, or 19 when <paramref name="rules"/> (the rule-based fusion's masks and content) is given, 20 with
    /// <paramref name="withDisparity"/> too, and 23 with the naive fill (<see cref="BackgroundFill.NaiveView"/>) as well.</summary>
    public static Tensor Create(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal, int paddedWidth, int paddedHeight, FusionMasks? rules = null, bool withDisparity = false, RgbImage? naive = null)
    {
        ArgumentNullException.ThrowIfNull(warp);
        ArgumentNullException.ThrowIfNull(poly);
        ArgumentNullException.ThrowIfNull(de);
        ArgumentNullException.ThrowIfNull(temporal);
        var w = warp.Image.Width;
        var h = warp.Image.Height;
        foreach (var (name, image) in new[] { ("Poly", poly), ("DE", de), ("temporal", temporal.Image) })
        {
            if (!image.SameSize(warp.Image))
            {
                throw new ArgumentException($"The {name} result is {image.Width}x{image.Height} but the warp is {w}x{h}.");
            }
        }

        if (paddedWidth < w || paddedHeight < h)
        {
            throw new ArgumentException($"The padded size {paddedWidth}x{paddedHeight} is smaller than the frame, {w}x{h}.");
        }

        if (rules is not null && !(rules.Content.SameSize(warp.Image) && new[] { rules.M1, rules.M2, rules.M3 }.All(m => m.Width == w && m.Height == h)))
        {
            throw new ArgumentException($"The rules' masks and content are not all {w}x{h}, the warp's size.");
        }

        if (withDisparity && rules is null)
        {
            throw new ArgumentException("The disparity channel follows the rules' channels: give the rules too.");
        }

        if (naive is not null && !(withDisparity && naive.SameSize(warp.Image)))
        {
            throw new ArgumentException($"The naive fill's channels follow the disparity channel (ask for it too), and the fill must be the warp's size, {w}x{h}.");
        }

        var channels = naive is not null ? ChannelsWithFills : withDisparity ? ChannelsWithDisparity : rules is null ? Channels : ChannelsWithRules;
        var (near, far) = withDisparity ? VisibleRange(warp) : (0f, 0f);
        var span = near - far;
        var plane = (long)paddedWidth * paddedHeight;
        var values = new float[channels * plane];
        const float scale = 1f / 255f;
        Parallel.For(0, paddedHeight, py =>
        {
            var y = Math.Min(py, h - 1);
            var p = poly.ReadRow(y);
            var e = de.ReadRow(y);
            var l = temporal.Image.ReadRow(y);
            var o = warp.Holes.ReadRow(y);
            var v = warp.Image.ReadRow(y);
            var r1 = rules is null ? default : rules.M1.ReadRow(y);
            var r2 = rules is null ? default : rules.M2.ReadRow(y);
            var r3 = rules is null ? default : rules.M3.ReadRow(y);
            var rc = rules is null ? default : rules.Content.ReadRow(y);
            var n = naive is null ? default : naive.ReadRow(y);
            var row = (long)py * paddedWidth;
            for (var px = 0; px < paddedWidth; px++)
            {
                var x = Math.Min(px, w - 1);
                var at = row + px;
                for (var k = 0; k < 3; k++)
                {
                    var i = (3 * x) + k;
                    values[((Poly + k) * plane) + at] = p[i] * scale;
                    values[((De + k) * plane) + at] = e[i] * scale;
                    values[((Temporal + k) * plane) + at] = l[i] * scale;
                    values[((Warped + k) * plane) + at] = v[i] * scale;
                    if (rules is not null)
                    {
                        values[((RuleContent + k) * plane) + at] = rc[i] * scale;
                    }

                    if (naive is not null)
                    {
                        values[((Naive + k) * plane) + at] = n[i] * scale;
                    }
                }

                values[(Occlusion * plane) + at] = o[x] != 0 ? 1f : 0f;
                if (rules is not null)
                {
                    values[(RuleMasks * plane) + at] = r1[x];
                    values[((RuleMasks + 1) * plane) + at] = r2[x];
                    values[((RuleMasks + 2) * plane) + at] = r3[x];
                }

                if (withDisparity && o[x] == 0)
                {
                    values[(Disparity * plane) + at] = span >= MinimumDisparitySpan ? (warp.Disparity[x, y] - far) / span : 0.5f;
                }
            }
        });

        return tensor(values, [1, channels, paddedHeight, paddedWidth]);
    }

    /// <summary>A frame whose visible disparities span less than this (pixels) is flat: its relative disparity is 0.5.</summary>
    public const float MinimumDisparitySpan = 0.5f;

    /// <summary>The nearest (largest) and farthest (smallest) disparity of the warp's visible pixels.</summary>
    private static (float Near, float Far) VisibleRange(WarpResult warp)
    {
        var near = float.NegativeInfinity;
        var far = float.PositiveInfinity;
        for (var y = 0; y < warp.Holes.Height; y++)
        {
            var holes = warp.Holes.ReadRow(y);
            var disparity = warp.Disparity.ReadRow(y);
            for (var x = 0; x < holes.Length; x++)
            {
                if (holes[x] == 0 && float.IsFinite(disparity[x]))
                {
                    near = Math.Max(near, disparity[x]);
                    far = Math.Min(far, disparity[x]);
                }
            }
        }

        return float.IsFinite(near) ? (near, far) : (0f, 0f);
    }
}
