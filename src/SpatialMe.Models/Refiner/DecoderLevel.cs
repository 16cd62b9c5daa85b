using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>One decoder level: the coarser decoder output, upsampled ×2, concatenated with the level's FUU output (the
/// updated skip connection), then two 3×3 convolutions (<see cref="ConvBlock"/>) down to the level's channels.</summary>
internal sealed class DecoderLevel : nn.Module<Tensor, Tensor, Tensor>
{
    // Field name is the state-dict key of the weights file.
    private readonly ConvBlock block;

    public DecoderLevel(string name, long channels, long coarseChannels)
        : base(name)
    {
        block = new ConvBlock("block", channels + coarseChannels, channels, stride: 1);
        RegisterComponents();
    }

    /// <param name="coarser">The decoder output of level m + 1.</param>
    /// <param name="skip">The FUU output f_o^m.</param>
    public override Tensor forward(Tensor coarser, Tensor skip)
    {
        using var upsampled = Upsample.ToSizeOf(coarser, skip);
        using var joined = cat([upsampled, skip], 1);
        return block.call(joined);
    }
}
