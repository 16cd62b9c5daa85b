using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The paper's output stage: "a series of three convolutional layers to output distinct single-channel attention
/// masks and RGB content" (§III-C). Two 3×3 convolutions with leaky ReLUs and a 1×1 convolution to six channels:
/// M1, M2, M3 (the masks of eqs. 1–3) and the content C as R, G, B. For <see cref="HeadOutput.Absolute"/> a sigmoid
/// puts all six in [0, 1]; for <see cref="HeadOutput.Residual"/> and <see cref="HeadOutput.Choice"/> they are left raw,
/// as corrections to the rules' values (<see cref="TensorFusion.Resolve"/>).
/// </summary>
internal sealed class RefinerHead : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict keys of the weights file.
    private readonly nn.Module<Tensor, Tensor> first;
    private readonly nn.Module<Tensor, Tensor> second;
    private readonly nn.Module<Tensor, Tensor> output;
    private readonly HeadOutput _kind;

    public RefinerHead(string name, long channels, HeadOutput kind)
        : base(name)
    {
        _kind = kind;
        first = nn.Conv2d(channels, channels, kernel_size: 3, padding: 1);
        second = nn.Conv2d(channels, channels, kernel_size: 3, padding: 1);
        output = nn.Conv2d(channels, MhfuArchitecture.OutputChannels, kernel_size: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = nn.functional.leaky_relu(first.call(input), ConvBlock.LeakySlope, inplace: true);
        using var b = nn.functional.leaky_relu(second.call(a), ConvBlock.LeakySlope, inplace: true);
        if (_kind != HeadOutput.Absolute)
        {
            return output.call(b);
        }

        using var logits = output.call(b);
        return logits.sigmoid();
    }
}
