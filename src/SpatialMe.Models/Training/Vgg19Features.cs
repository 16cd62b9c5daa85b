using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// torchvision's <c>vgg19().features</c> up to and including conv4_1 (indices 0–20 of the 37), for the perceptual
/// loss: 3×3 convolutions with padding 1, each followed by a ReLU, and 2×2 max-pools of stride 2 between the blocks
/// (convolutions at 0, 2 | pool 4 | 5, 7 | pool 9 | 10, 12, 14, 16 | pool 18 | 19). The layers sit in a Sequential
/// named <c>features</c> at torchvision's indices, so the parameters are named <c>features.N.weight</c> /
/// <c>features.N.bias</c> exactly as in torchvision's state dict and its weights load by name
/// (<see cref="Vgg19Weights"/>). Layers past conv4_1 are never run by the loss, so they are not built.
/// </summary>
public sealed class Vgg19Features : nn.Module<Tensor, (Tensor Conv2_1, Tensor Conv3_1, Tensor Conv4_1)>
{
    /// <summary>Indices of the ReLUs right after conv2_1 (5), conv3_1 (10) and conv4_1 (19): the features taken. The
    /// activation after the ReLU is what perceptual losses commonly use (Johnson et al., pix2pixHD, LPIPS' VGG); the
    /// paper names only the layers.</summary>
    public static readonly int[] FeatureIndices = [6, 11, 20];

    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    // The field name is the state-dict prefix of torchvision's keys.
    private readonly TorchSharp.Modules.Sequential features;

    public Vgg19Features()
        : base(nameof(Vgg19Features))
    {
        nn.Module<Tensor, Tensor> Conv(int input, int output) => nn.Conv2d(input, output, kernel_size: 3, padding: 1);
        nn.Module<Tensor, Tensor> Relu() => nn.ReLU();
        nn.Module<Tensor, Tensor> Pool() => nn.MaxPool2d(kernel_size: 2, stride: 2);
        features = nn.Sequential(
            Conv(3, 64), Relu(), Conv(64, 64), Relu(), Pool(),
            Conv(64, 128), Relu(), Conv(128, 128), Relu(), Pool(),
            Conv(128, 256), Relu(), Conv(256, 256), Relu(), Conv(256, 256), Relu(), Conv(256, 256), Relu(), Pool(),
            Conv(256, 512), Relu());
        RegisterComponents();
    }

    /// <summary>
    /// N × 3 × H × W RGB images in [0, 1] → the activations after the ReLUs of conv2_1 (128 × H/2 × W/2), conv3_1
    /// (256 × H/4 × W/4) and conv4_1 (512 × H/8 × W/8). The ImageNet normalisation torchvision's weights were trained
    /// with is applied here, so callers pass images as the refiner produces them.
    /// </summary>
    public override (Tensor Conv2_1, Tensor Conv3_1, Tensor Conv4_1) forward(Tensor input)
    {
        using var mean = tensor(ImageNetMean, [1, 3, 1, 1], dtype: input.dtype, device: input.device);
        using var std = tensor(ImageNetStd, [1, 3, 1, 1], dtype: input.dtype, device: input.device);
        var x = (input - mean) / std;
        var taken = new List<Tensor>(FeatureIndices.Length);
        var index = 0;
        foreach (var layer in features.children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
            if (FeatureIndices.Contains(index))
            {
                taken.Add(x);
            }

            index++;
        }

        return (taken[0], taken[1], taken[2]);
    }
}
