using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// One encoder or decoder level: two 3×3 convolutions, each followed by a leaky ReLU (slope 0.2, so no unit of a small
/// network dies for good while it trains). The first convolution may have stride 2, which is how the encoder goes down
/// a level. No normalisation layer: the output at a pixel then depends only on its receptive field, never on the rest
/// of the frame, which is what makes tiled inference equal full-frame inference.
/// </summary>
internal sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Slope of the leaky ReLUs of the whole network.</summary>
    public const double LeakySlope = 0.2;

    // Field names are the state-dict keys of the weights file: renaming one breaks every saved file.
    private readonly nn.Module<Tensor, Tensor> first;
    private readonly nn.Module<Tensor, Tensor> second;

    public ConvBlock(string name, long inChannels, long outChannels, long stride)
        : base(name)
    {
        first = nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1);
        second = nn.Conv2d(outChannels, outChannels, kernel_size: 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        // In place on the convolution outputs: half the activation memory, and autograd allows it for a positive slope.
        using var a = nn.functional.leaky_relu(first.call(input), LeakySlope, inplace: true);
        return nn.functional.leaky_relu(second.call(a), LeakySlope, inplace: true);
    }
}
