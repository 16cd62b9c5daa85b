using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// The adversarial term's discriminator, small and PatchGAN-style (Isola et al. 2017): strided 4×4 convolutions with
/// leaky ReLUs down to a map of logits, each judging whether one patch of about 34 × 34 px (three stride-2 levels)
/// looks real. Judging patches rather than the whole crop keeps it about local texture, which is what inpainted
/// disocclusions get wrong, and lets one network serve any crop size. No normalisation layer: batches are small.
/// </summary>
public sealed class PatchDiscriminator : nn.Module<Tensor, Tensor>
{
    // Field names are state-dict keys of the checkpoints.
    private readonly nn.Module<Tensor, Tensor> layers;

    /// <param name="baseChannels">Channels of the first layer; each further layer doubles them.</param>
    public PatchDiscriminator(int baseChannels = 16)
        : base(nameof(PatchDiscriminator))
    {
        var c = baseChannels;
        layers = nn.Sequential(
            nn.Conv2d(3, c, kernel_size: 4, stride: 2, padding: 1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(c, 2 * c, kernel_size: 4, stride: 2, padding: 1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(2 * c, 4 * c, kernel_size: 4, stride: 2, padding: 1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(4 * c, 1, kernel_size: 3, stride: 1, padding: 1));
        RegisterComponents();
    }

    /// <summary>N × 3 × H × W images in [0, 1] → N × 1 × H/8 × W/8 logits (positive: looks real).</summary>
    public override Tensor forward(Tensor input) => layers.call(input);
}
