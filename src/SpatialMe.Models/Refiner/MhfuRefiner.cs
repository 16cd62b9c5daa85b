using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The learned MHFU refiner behind the stereo core's <see cref="IFusionRefiner"/> seam: builds the network's input
/// from the warp and the three branch results (<see cref="RefinerInputs"/>), runs the network, and returns its masks
/// M1–M3 and content C for eqs. 1–3 (for a network that corrects the rule-based fusion, <see cref="HeadOutput.Residual"/>,
/// the rules' masks and content plus its corrections; for <see cref="HeadOutput.Choice"/>, the rules' masks plus its
/// corrections and the rules' content moved toward the background fills by its weights).
/// <list type="bullet">
/// <item><see cref="RefinerMode.FullFrame"/>: the network runs on the whole frame (padded to the downsampling factor)
/// and its masks are used everywhere.</item>
/// <item><see cref="RefinerMode.Tiled"/> (default): only in and around the disocclusions (<see cref="OcclusionTiles"/>;
/// the border band the left view never saw keeps the rule-based extension of the last seen column, since nothing lies
/// beside it to fuse from).
/// There the masks equal full-frame inference (to float rounding: the tiles keep the network's whole receptive field
/// around every pixel written); everywhere else they are the rule-based masks, so the result there equals
/// <see cref="RuleBasedFusion"/>. A frame without holes costs nothing. When the tiles' contexts would cover more than
/// the frame, the network runs once on the frame and the tiles are cut from that.</item>
/// </list>
/// Inference is deterministic: evaluation mode, no gradients, no randomness, a fixed thread count. Calls are
/// serialised, so one refiner can serve several synthesizers.
/// </summary>
public sealed class MhfuRefiner : IFusionRefiner, IDisposable
{
    private readonly MhfuNetwork _network;
    private readonly Device _device;
    private readonly Lock _gate = new();

    /// <summary>Takes ownership of <paramref name="network"/>: moves it to the device, puts it in evaluation mode and
    /// disposes it with the refiner.</summary>
    public MhfuRefiner(MhfuNetwork network, RefinerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Options = options ?? RefinerOptions.Default;
        Options.Validate();
        if (Options.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) && !cuda.is_available())
        {
            throw new InvalidOperationException(
                $"The refiner was asked to run on {Options.Device}, but CUDA is not available: it needs a build with -p:TorchDevice=cuda and an NVIDIA GPU (docs/models.md).");
        }

        _device = torch.device(Options.Device);

        if (_device.type == DeviceType.CPU)
        {
            set_num_threads(Options.Threads);
        }

        _network = network;
        _network.to(_device);
        _network.eval();
    }

    public RefinerOptions Options { get; }

    public MhfuArchitecture Architecture => _network.Architecture;

    /// <summary>A refiner with the network of a weights file (<see cref="RefinerWeights"/>).</summary>
    public static MhfuRefiner Load(string weightsPath, RefinerOptions? options = null)
    {
        (options ?? RefinerOptions.Default).Validate();
        var network = RefinerWeights.Load(weightsPath);
        try
        {
            return new MhfuRefiner(network, options);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public FusionMasks Masks(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal)
    {
        ArgumentNullException.ThrowIfNull(warp);
        ArgumentNullException.ThrowIfNull(poly);
        ArgumentNullException.ThrowIfNull(de);
        ArgumentNullException.ThrowIfNull(temporal);
        lock (_gate)
        {
            return Options.Mode == RefinerMode.FullFrame ? FullFrame(warp, poly, de, temporal) : Tiled(warp, poly, de, temporal);
        }
    }

    /// <summary>The tiles tiled inference would use for these holes (it refines a warp's
    /// <see cref="WarpResult.Disocclusions"/>).</summary>
    public TilePlan PlanTiles(Mask occlusion)
    {
        ArgumentNullException.ThrowIfNull(occlusion);
        var (paddedWidth, paddedHeight) = PaddedSize(occlusion.Width, occlusion.Height);
        return OcclusionTiles.Plan(occlusion, Options.RimRadius, Architecture, paddedWidth, paddedHeight);
    }

    public void Dispose() => _network.Dispose();

    private FusionMasks FullFrame(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal)
    {
        var w = warp.Image.Width;
        var h = warp.Image.Height;
        var (paddedWidth, paddedHeight) = PaddedSize(w, h);
        var rules = Architecture.CorrectsRules ? RuleBasedFusion.Masks(warp, temporal, de) : null;
        var masks = rules is null
            ? new FusionMasks(new FloatPlane(w, h), new FloatPlane(w, h), new FloatPlane(w, h), new RgbImage(w, h))
            : Copy(rules);
        var correction = Correction.For(Architecture, rules, warp, de, temporal);
        using var input = RefinerInputs.Create(warp, poly, de, temporal, paddedWidth, paddedHeight, rules, Architecture.ReadsDisparity, correction?.Naive);
        var whole = new PixelRect(0, 0, paddedWidth, paddedHeight);
        var output = Run(input, whole);
        Write(output, whole, new PixelRect(0, 0, w, h), region: null, correction, masks);
        return masks;
    }

    private FusionMasks Tiled(WarpResult warp, RgbImage poly, RgbImage de, TemporalFill temporal)
    {
        var masks = RuleBasedFusion.Masks(warp, temporal, de);
        var plan = PlanTiles(warp.Disocclusions());
        if (plan.Tiles.Count == 0)
        {
            return masks;
        }

        // A correcting network reads the rules, and its output is added to them. The corrections are read from this
        // copy, since tiles' cores may overlap and a pixel must not be corrected twice.
        var correction = Correction.For(Architecture, Architecture.CorrectsRules ? Copy(masks) : null, warp, de, temporal);
        var (paddedWidth, paddedHeight) = PaddedSize(warp.Image.Width, warp.Image.Height);
        using var input = RefinerInputs.Create(warp, poly, de, temporal, paddedWidth, paddedHeight, correction?.Rules, Architecture.ReadsDisparity, correction?.Naive);
        var whole = new PixelRect(0, 0, paddedWidth, paddedHeight);
        if (plan.Tiles.Sum(t => t.Context.Area) >= whole.Area)
        {
            var output = Run(input, whole);
            foreach (var tile in plan.Tiles)
            {
                Write(output, whole, tile.Core, plan.Region, correction, masks);
            }
        }
        else
        {
            foreach (var tile in plan.Tiles)
            {
                Write(Run(input, tile.Context), tile.Context, tile.Core, plan.Region, correction, masks);
            }
        }

        return masks;
    }

    /// <summary>What a correcting network's output is added to: the rules' masks and content, and for
    /// <see cref="HeadOutput.Choice"/> the background fills its content weights apply to (DE, temporal, naive: the
    /// order of <see cref="TensorFusion.ChoiceFills"/>).</summary>
    private sealed record Correction(FusionMasks Rules, RgbImage[]? Fills)
    {
        /// <summary>The naive fill, which the network also reads (input channels <see cref="RefinerInputs.Naive"/>–22).</summary>
        public RgbImage? Naive => Fills?[2];

        public static Correction? For(MhfuArchitecture architecture, FusionMasks? rules, WarpResult warp, RgbImage de, TemporalFill temporal) =>
            rules is null ? null
            : new Correction(rules, architecture.Output == HeadOutput.Choice ? [de, temporal.Image, BackgroundFill.NaiveView(warp)] : null);
    }

    /// <summary>The network's output on <paramref name="rect"/> of the padded input: 6 planes of rect's size.</summary>
    private float[] Run(Tensor input, PixelRect rect)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var crop = input.narrow(2, rect.Y, rect.Height).narrow(3, rect.X, rect.Width).to(_device);
        return _network.call(crop).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>Copies the network's output (computed on <paramref name="computed"/>) into the masks on the pixels of
    /// <paramref name="core"/> that are in <paramref name="region"/> (all of them where it is null); for a correcting
    /// network (<paramref name="correction"/> given) the output is added to the rules' values and clamped, or for a
    /// choosing one's content weighs the fills, as <see cref="TensorFusion.Resolve"/> does in training.</summary>
    private static void Write(float[] output, PixelRect computed, PixelRect core, Mask? region, Correction? correction, FusionMasks masks)
    {
        var plane = computed.Area;
        var rules = correction?.Rules;
        var fills = correction?.Fills;
        Parallel.For(core.Y, core.Bottom, y =>
        {
            var m1 = masks.M1.Row(y);
            var m2 = masks.M2.Row(y);
            var m3 = masks.M3.Row(y);
            var content = masks.Content.Row(y);
            var inRegion = region is null ? default : region.ReadRow(y);
            var r1 = rules is null ? default : rules.M1.ReadRow(y);
            var r2 = rules is null ? default : rules.M2.ReadRow(y);
            var r3 = rules is null ? default : rules.M3.ReadRow(y);
            var rc = rules is null ? default : rules.Content.ReadRow(y);
            Span<float> weights = stackalloc float[3];
            var row = (long)(y - computed.Y) * computed.Width;
            for (var x = core.X; x < core.Right; x++)
            {
                if (region is not null && inRegion[x] == 0)
                {
                    continue;
                }

                var at = row + (x - computed.X);
                if (rules is null)
                {
                    m1[x] = output[at];
                    m2[x] = output[plane + at];
                    m3[x] = output[(2 * plane) + at];
                }
                else
                {
                    m1[x] = Math.Clamp(r1[x] + output[at], 0f, 1f);
                    m2[x] = Math.Clamp(r2[x] + output[plane + at], 0f, 1f);
                    m3[x] = Math.Clamp(r3[x] + output[(2 * plane) + at], 0f, 1f);
                }

                if (fills is not null)
                {
                    MixFills(output, plane, at, fills, y * masks.Content.Stride, 3 * x, rc, content, weights);
                    continue;
                }

                for (var k = 0; k < 3; k++)
                {
                    var i = (3 * x) + k;
                    var value = output[((3 + k) * plane) + at] + (rules is null ? 0f : rc[i] / 255f);
                    content[i] = (byte)Math.Clamp((int)((value * 255f) + 0.5f), 0, 255);
                }
            }
        });
    }

    /// <summary>A choosing head's content at one pixel (<see cref="TensorFusion.ChoiceContent"/> on 8-bit values): the
    /// rules' content moved toward each fill by its weight, clamp(z, 0, 1), the weights scaled to sum to at most 1.</summary>
    private static void MixFills(float[] output, long plane, long at, RgbImage[] fills, int rowStart, int pixel, ReadOnlySpan<byte> rules, Span<byte> content, Span<float> weights)
    {
        var sum = 0f;
        for (var f = 0; f < fills.Length; f++)
        {
            weights[f] = Math.Clamp(output[((3 + f) * plane) + at], 0f, 1f);
            sum += weights[f];
        }

        var scale = sum > 1f ? 1f / sum : 1f;
        for (var i = pixel; i < pixel + 3; i++)
        {
            float value = rules[i];
            for (var f = 0; f < fills.Length; f++)
            {
                value += weights[f] * scale * (fills[f].Pixels[rowStart + i] - rules[i]);
            }

            content[i] = (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
        }
    }

    private static FusionMasks Copy(FusionMasks masks) => new(masks.M1.Clone(), masks.M2.Clone(), masks.M3.Clone(), masks.Content.Clone());

    private (int Width, int Height) PaddedSize(int width, int height)
    {
        var factor = Architecture.DownsamplingFactor;
        return ((width + factor - 1) / factor * factor, (height + factor - 1) / factor * factor);
    }
}
