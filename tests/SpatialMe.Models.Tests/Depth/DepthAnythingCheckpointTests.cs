using SpatialMe.Models.Depth;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests.Depth;

[Collection(TorchCollection.Name)]
public sealed class DepthAnythingCheckpointTests
{
    [Fact]
    public void Small_network_has_the_official_239_state_dict_tensors_and_key_names()
    {
        using var network = new DepthAnythingV2Network(DepthAnythingConfig.Small);
        var names = network.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Equal(239, names.Count);
        Assert.Empty(network.named_buffers());
        Assert.Contains("pretrained.pos_embed", names);
        Assert.Contains("pretrained.mask_token", names);
        Assert.Contains("pretrained.blocks.11.ls2.gamma", names);
        Assert.Contains("depth_head.resize_layers.3.weight", names);
        Assert.Contains("depth_head.scratch.refinenet4.resConfUnit1.conv2.bias", names);
        Assert.Contains("depth_head.scratch.output_conv2.2.weight", names);
        Assert.DoesNotContain("depth_head.scratch.layer1_rn.bias", names);
        // ConvTranspose weights are (in, out, k, k) as in PyTorch.
        var up = network.named_parameters().Single(p => p.name == "depth_head.resize_layers.0.weight").parameter;
        Assert.Equal([48L, 48, 4, 4], up.shape);
        Assert.Equal([1L, 1370, 384], network.named_parameters().Single(p => p.name == "pretrained.pos_embed").parameter.shape);
    }

    [Fact]
    public void Safetensors_and_pth_files_load_by_key_name_and_give_the_same_network()
    {
        var dir = TinyDepthWeights.TempDirectory();
        var dict = TinyDepthWeights.StateDict();
        using var fromSafetensors = DepthAnythingCheckpoint.Read(TinyDepthWeights.SaveSafetensors(dir, dict));
        using var fromPth = DepthAnythingCheckpoint.Read(TinyDepthWeights.SavePth(dir, dict));

        Assert.Equal("safetensors", fromSafetensors.Kind);
        Assert.Equal("pth", fromPth.Kind);
        Assert.Equal((64, 4, 1, 16), (fromPth.Config.EmbedDim, fromPth.Config.Depth, fromPth.Config.Heads, fromPth.Config.Features));
        Assert.Equal([8, 16, 32, 32], fromPth.Config.OutChannels);
        Assert.Equal([0, 1, 2, 3], fromSafetensors.Config.IntermediateLayers);
        Assert.Equal(dict.Count, fromPth.Tensors.Count);
        using var network = fromPth.CreateNetwork(CPU, ScalarType.Float32);
        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.True(parameter.allclose(dict[name], 0, 0), name);
            Assert.True(fromSafetensors.Tensors[name].allclose(dict[name], 0, 0), name);
        }
    }

    [Fact]
    public void File_with_missing_extra_and_misshapen_tensors_is_refused_with_each_listed()
    {
        var dir = TinyDepthWeights.TempDirectory();
        var dict = TinyDepthWeights.StateDict();
        dict.Remove("pretrained.blocks.1.attn.qkv.bias");
        dict["pretrained.register_tokens"] = zeros(1, 4, 64);
        dict["pretrained.blocks.0.mlp.fc1.weight"] = zeros(100, 64);
        var path = TinyDepthWeights.SaveSafetensors(dir, dict);

        var error = Assert.Throws<DepthCheckpointException>(() => DepthAnythingCheckpoint.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("missing pretrained.blocks.1.attn.qkv.bias: expected [192]", error.Message);
        Assert.Contains("extra pretrained.register_tokens: [1, 4, 64]", error.Message);
        Assert.Contains("misshapen pretrained.blocks.0.mlp.fc1.weight: expected [256, 64], found [100, 64]", error.Message);
        Assert.Contains("3 problems", error.Message);
    }

    [Fact]
    public void File_that_is_not_a_checkpoint_is_refused_naming_the_file()
    {
        var dir = TinyDepthWeights.TempDirectory();
        var path = Path.Combine(dir, "notes.pth");
        File.WriteAllText(path, "hello, not weights");
        var error = Assert.Throws<DepthCheckpointException>(() => DepthAnythingCheckpoint.Read(path));
        Assert.Contains(path, error.Message);
    }
}
