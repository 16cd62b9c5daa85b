using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The mask-based hierarchical feature update (MHFU) network of the paper (§III-C, Fig. 2): an encoder–decoder whose
/// Feature Update Units fuse each encoder level with the upsampled next one (eqs. 4–7) and feed the results to the
/// decoder as skip connections, and a head that outputs the masks M1, M2, M3 and the content C of eqs. 1–3.
/// <code>
/// f0 = enc0(input)           g0 = FUU0(f0, up f1)      d0 = dec0(up d1, g0)  →  head  →  M1 M2 M3 C
/// f1 = enc1(f0)   ↓2         g1 = FUU1(f1, up f2)      d1 = dec1(up d2, g1)
/// f2 = enc2(f1)   ↓2         g2 = FUU2(f2, up f3)      d2 = dec2(up d3, g2)
/// f3 = enc3(f2)   ↓2                                   d3 = f3
/// </code>
/// (for the default 4 levels; the input is the 13-channel tensor of <see cref="RefinerInputs"/>, 19 channels with the
/// rules' masks and content for a <see cref="HeadOutput.Residual"/> head). Input and output are N × C × H × W with H and
/// W multiples of <see cref="MhfuArchitecture.DownsamplingFactor"/>; the output has
/// <see cref="MhfuArchitecture.OutputChannels"/> channels, in [0, 1] for the paper's <see cref="HeadOutput.Absolute"/>
/// head and raw corrections for a residual one (<see cref="TensorFusion.Resolve"/>). Weights are saved and loaded with
/// <see cref="RefinerWeights"/>, which records the architecture.
/// </summary>
public sealed class MhfuNetwork : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys of the weights file: renaming one breaks every saved file.
    private readonly ModuleList<ConvBlock> encoder;
    private readonly ModuleList<FeatureUpdateUnit> updates;
    private readonly ModuleList<DecoderLevel> decoder;
    private readonly RefinerHead head;

    /// <summary>A network with fresh weights drawn from torch's global generator: He initialisation for leaky ReLUs of
    /// slope 0.2 (normal, fan-in), zero biases. PyTorch's default convolution initialisation shrinks the signal by about
    /// √3 per layer, which over this network's 20-odd layers leaves the head almost constant before training; He
    /// initialisation keeps the signal's scale from layer to layer.</summary>
    public MhfuNetwork(MhfuArchitecture architecture)
        : base("mhfu")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        var levels = architecture.Levels;
        encoder = new ModuleList<ConvBlock>();
        for (var m = 0; m < levels; m++)
        {
            var inChannels = m == 0 ? architecture.InputChannels : architecture.ChannelsAt(m - 1);
            encoder.Add(new ConvBlock($"encoder{m}", inChannels, architecture.ChannelsAt(m), stride: m == 0 ? 1 : 2));
        }

        updates = new ModuleList<FeatureUpdateUnit>();
        decoder = new ModuleList<DecoderLevel>();
        for (var m = 0; m < levels - 1; m++)
        {
            updates.Add(new FeatureUpdateUnit($"update{m}", architecture.ChannelsAt(m), architecture.ChannelsAt(m + 1)));
            decoder.Add(new DecoderLevel($"decoder{m}", architecture.ChannelsAt(m), architecture.ChannelsAt(m + 1)));
        }

        head = new RefinerHead("head", architecture.ChannelsAt(0), architecture.Output);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".weight", StringComparison.Ordinal))
            {
                nn.init.kaiming_normal_(parameter, a: ConvBlock.LeakySlope, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
            }
            else
            {
                nn.init.zeros_(parameter);
            }
        }
    }

    public MhfuArchitecture Architecture { get; }

    /// <summary>Number of trainable values (weights and biases).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <param name="input">N × <see cref="MhfuArchitecture.InputChannels"/> × H × W, the layout of
    /// <see cref="RefinerInputs"/>.</param>
    /// <returns>N × 6 × H × W: M1, M2, M3, C_R, C_G, C_B, all in [0, 1] (absolute), or the corrections to them
    /// (residual).</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckShape(input);
        using var scope = NewDisposeScope();
        var levels = Architecture.Levels;
        var features = new Tensor[levels];
        var x = input;
        for (var m = 0; m < levels; m++)
        {
            x = encoder[m].call(x);
            features[m] = x;
        }

        // Each tensor is released as soon as nothing needs it any more (at 720p a full-resolution 8-channel map is
        // 30 MB); autograd keeps what the backward pass needs on its own.
        var decoded = features[levels - 1];
        for (var m = levels - 2; m >= 0; m--)
        {
            var skip = updates[m].call(features[m], features[m + 1]);
            var next = decoder[m].call(decoded, skip);
            skip.Dispose();
            features[m + 1].Dispose(); // for the deepest level this is also the first `decoded`
            decoded.Dispose();
            decoded = next;
        }

        features[0].Dispose();
        return head.call(decoded).MoveToOuterDisposeScope();
    }

    private void CheckShape(Tensor input)
    {
        var factor = Architecture.DownsamplingFactor;
        if (input.dim() != 4 || input.shape[1] != Architecture.InputChannels)
        {
            throw new ArgumentException(
                $"The MHFU network takes N x {Architecture.InputChannels} x H x W, got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (input.shape[2] % factor != 0 || input.shape[3] % factor != 0)
        {
            throw new ArgumentException(
                $"The MHFU network with {Architecture.Levels} levels needs H and W to be multiples of {factor}, got {input.shape[2]}x{input.shape[3]}.",
                nameof(input));
        }
    }
}
