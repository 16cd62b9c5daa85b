using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class Vgg19WeightsTests
{
    [Fact]
    public void The_network_has_torchvisions_key_names_and_shapes_up_to_conv4_1()
    {
        using var network = new Vgg19Features();
        var shapes = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        int[] convs = [0, 2, 5, 7, 10, 12, 14, 16, 19];
        Assert.Equal(convs.SelectMany(i => new[] { $"features.{i}.weight", $"features.{i}.bias" }).Order(), shapes.Keys.Order());
        Assert.Equal([64L, 3, 3, 3], shapes["features.0.weight"]);
        Assert.Equal([128L, 64, 3, 3], shapes["features.5.weight"]);
        Assert.Equal([256L, 256, 3, 3], shapes["features.16.weight"]);
        Assert.Equal([512L, 256, 3, 3], shapes["features.19.weight"]);
        Assert.Equal([512L], shapes["features.19.bias"]);
        Assert.Empty(network.named_buffers());
    }

    [Fact]
    public void Safetensors_and_pth_files_load_by_name_with_the_extras_ignored_and_counted_and_the_network_frozen()
    {
        using var dir = new TempDirectory();
        var dict = Vgg19TestWeights.StateDict();
        foreach (var path in new[] { Vgg19TestWeights.SaveSafetensors(dir.Path, dict), Vgg19TestWeights.SavePth(dir.Path, dict) })
        {
            var loaded = Vgg19Weights.Read(path);
            using var network = loaded.Network;
            Assert.Equal(Vgg19TestWeights.ExtraKeys.Length, loaded.UnusedTensors);
            foreach (var (name, parameter) in network.named_parameters())
            {
                Assert.True(parameter.allclose(dict[name], 0, 0), $"{path}: {name}");
                Assert.False(parameter.requires_grad, name);
            }

            Assert.False(network.training);
        }
    }

    [Fact]
    public void Missing_and_misshapen_tensors_are_refused_with_each_listed_and_the_file_named()
    {
        using var dir = new TempDirectory();
        var dict = Vgg19TestWeights.StateDict();
        dict.Remove("features.7.bias");
        dict["features.12.weight"] = zeros(256, 128, 3, 3);
        var path = Vgg19TestWeights.SaveSafetensors(dir.Path, dict);

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("missing features.7.bias: expected [128]", error.Message, StringComparison.Ordinal);
        Assert.Contains("misshapen features.12.weight: expected [256, 256, 3, 3], found [256, 128, 3, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2 problems)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("classifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_one_that_is_not_weights_are_refused_naming_the_file()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Read(dir.File("vgg19.pth")));
        Assert.Contains(dir.File("vgg19.pth") + ": no such file", missing.Message, StringComparison.Ordinal);
        var notes = dir.File("notes.pth");
        File.WriteAllText(notes, "hello, not weights");
        var garbage = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Read(notes));
        Assert.Contains(notes, garbage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_format_pth_like_torchvisions_own_file_is_refused_with_the_re_save_that_fixes_it()
    {
        using var dir = new TempDirectory();
        var legacy = dir.File("vgg19-dcbb9e9d.pth");
        // The start of a pre-1.6 torch.save file: pickle protocol 2, then the long magic number 0x1950a86a20f9469cfc6c.
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Read(legacy));
        Assert.Contains(legacy + ": a PyTorch file in the legacy (pre-1.6) format", error.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(torch.load(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_64x64_image_gives_128x32x32_256x16x16_and_512x8x8_features_equal_to_torchvisions_layer_sequence()
    {
        using var dir = new TempDirectory();
        var dict = Vgg19TestWeights.StateDict();
        using var network = Vgg19Weights.Read(Vgg19TestWeights.SaveSafetensors(dir.Path, dict)).Network;
        using var scope = NewDisposeScope();
        var image = rand([2, 3, 64, 64], generator: new Generator(5));
        var (conv2, conv3, conv4) = network.call(image);
        Assert.Equal([2L, 128, 32, 32], conv2.shape);
        Assert.Equal([2L, 256, 16, 16], conv3.shape);
        Assert.Equal([2L, 512, 8, 8], conv4.shape);

        // The same layers written out with functional ops from the spec: ImageNet normalisation, then conv (3×3,
        // padding 1) + ReLU at torchvision's indices, 2×2 max-pools at 4, 9 and 18.
        var x = (image - tensor(new[] { 0.485f, 0.456f, 0.406f }, [1, 3, 1, 1])) / tensor(new[] { 0.229f, 0.224f, 0.225f }, [1, 3, 1, 1]);
        Tensor Conv(Tensor input, int i) => nn.functional.relu(nn.functional.conv2d(input, dict[$"features.{i}.weight"], dict[$"features.{i}.bias"], padding: [1, 1]));
        Tensor Pool(Tensor input) => nn.functional.max_pool2d(input, 2, 2);
        var r2 = Conv(Pool(Conv(Conv(x, 0), 2)), 5);
        var r3 = Conv(Pool(Conv(r2, 7)), 10);
        var r4 = Conv(Pool(Conv(Conv(Conv(r3, 12), 14), 16)), 19);
        Assert.True(conv2.allclose(r2, 1e-4, 1e-5), "conv2_1");
        Assert.True(conv3.allclose(r3, 1e-4, 1e-5), "conv3_1");
        Assert.True(conv4.allclose(r4, 1e-4, 1e-5), "conv4_1");
        Assert.True(conv4.abs().sum().item<float>() > 0, "conv4_1 features are all zero");
    }
}
