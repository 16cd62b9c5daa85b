using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// The paper's perceptual term (§III-D): the mean absolute difference between the VGG19 features of the refiner's
/// output and of the target at conv2_1, conv3_1 and conv4_1 (<see cref="Vgg19Features"/>), one mean per layer, the three
/// summed with equal weight. Means rather than sums keep the layers' different sizes from weighing them; the paper
/// gives no per-layer weights.
/// </summary>
public static class PerceptualLoss
{
    /// <summary>
    /// The loss of N × 3 × H × W images in [0, 1]. The target's features are computed without
    /// a graph; the gradient reaches <paramref name="output"/> through the network, whose frozen parameters
    /// (<see cref="Vgg19Weights"/>) get none.
    /// </summary>
    public static Tensor Compute(Vgg19Features vgg, Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(vgg);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var (o2, o3, o4) = vgg.call(output);
        Tensor t2, t3, t4;
        using (no_grad())
        {
            (t2, t3, t4) = vgg.call(target);
        }

        return (o2 - t2).abs().mean() + (o3 - t3).abs().mean() + (o4 - t4).abs().mean();
    }
}
