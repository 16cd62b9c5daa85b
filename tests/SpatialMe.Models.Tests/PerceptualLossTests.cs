using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class PerceptualLossTests
{
    [Fact]
    public void The_loss_is_zero_for_identical_images_and_positive_for_different_ones()
    {
        using var dir = new TempDirectory();
        using var vgg = Vgg19TestWeights.Load(dir.Path);
        using var scope = NewDisposeScope();
        var a = rand([2, 3, 32, 32], generator: new Generator(1));
        var b = rand([2, 3, 32, 32], generator: new Generator(2));
        Assert.Equal(0f, PerceptualLoss.Compute(vgg, a, a.clone()).item<float>());
        Assert.True(PerceptualLoss.Compute(vgg, a, b).item<float>() > 0);
    }

    [Fact]
    public void The_gradient_reaches_the_output_and_none_reaches_the_VGG_parameters()
    {
        using var dir = new TempDirectory();
        using var vgg = Vgg19TestWeights.Load(dir.Path);
        using var scope = NewDisposeScope();
        var output = rand([1, 3, 32, 32], generator: new Generator(3)).requires_grad_(true);
        var target = rand([1, 3, 32, 32], generator: new Generator(4));
        PerceptualLoss.Compute(vgg, output, target).backward();
        Assert.NotNull(output.grad);
        Assert.True(output.grad.abs().sum().item<float>() > 0);
        Assert.All(vgg.parameters(), p => Assert.Null(p.grad));
    }
}
