using System.Text;
using SpatialMe.Models.Refiner;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class RefinerWeightsTests
{
    [Fact]
    public void Save_then_load_gives_bit_identical_weights_and_outputs_and_keeps_the_header()
    {
        using var temp = new TempDirectory();
        var path = temp.File("refiner.weights");
        using var original = Networks.Seeded(Networks.Small, seed: 21);
        RefinerWeights.Save(original, path, "test network");

        using var loaded = RefinerWeights.Load(path);
        Assert.Equal(Networks.Small, loaded.Architecture);
        Assert.Equal(new RefinerWeightsHeader(RefinerWeights.CurrentFormat, Networks.Small, "test network"), RefinerWeights.ReadHeader(path));
        var expected = original.named_parameters().ToList();
        var actual = loaded.named_parameters().ToList();
        Assert.Equal(expected.Select(p => p.name), actual.Select(p => p.name));
        foreach (var ((name, a), (_, b)) in expected.Zip(actual))
        {
            Assert.True(Values(a).SequenceEqual(Values(b)), $"{name} differs after the round trip");
        }

        original.eval();
        using var input = Networks.Uniform(2, 1, RefinerInputs.Channels, 16, 16);
        using var noGrad = no_grad();
        using var before = original.call(input);
        using var after = loaded.call(input);
        Assert.Equal(Values(before), Values(after));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void The_header_keeps_what_the_head_outputs_and_a_header_without_it_is_the_papers_absolute_head()
    {
        using var temp = new TempDirectory();
        var residualPath = temp.File("residual.weights");
        using (var residual = Networks.Seeded(Networks.SmallResidual, seed: 21))
        {
            RefinerWeights.Save(residual, residualPath);
        }

        Assert.Equal(HeadOutput.Residual, RefinerWeights.ReadHeader(residualPath).Architecture.Output);
        Assert.Contains("\"output\":\"residual\"", File.ReadAllText(residualPath, System.Text.Encoding.Latin1));
        using (var loaded = RefinerWeights.Load(residualPath))
        {
            Assert.Equal(Networks.SmallResidual, loaded.Architecture);
        }

        // Files written before the field existed: the same bytes without it.
        var absolutePath = temp.File("absolute.weights");
        using (var absolute = Networks.Seeded(Networks.Small, seed: 21))
        {
            RefinerWeights.Save(absolute, absolutePath);
        }

        var bytes = File.ReadAllBytes(absolutePath);
        var field = System.Text.Encoding.ASCII.GetBytes(",\"output\":\"absolute\"");
        var at = bytes.AsSpan().IndexOf(field);
        Assert.True(at > 0, "the header names the absolute head");
        var oldPath = temp.File("old.weights");
        File.WriteAllBytes(oldPath, [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + field.Length)]);
        using var old = RefinerWeights.Load(oldPath);
        Assert.Equal(Networks.Small, old.Architecture);
    }

    [Fact]
    public void A_residual_architecture_without_the_rules_input_channels_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new MhfuArchitecture(RefinerInputs.Channels, 4, 3, HeadOutput.Residual).Validate());
        Assert.Contains("19 input channels", error.Message);
        Assert.Equal(RefinerInputs.ChannelsWithRules, MhfuArchitecture.Residual.InputChannels);
    }

    [Fact]
    public void A_network_reading_the_disparity_keeps_it_in_its_header_and_only_a_correcting_one_may()
    {
        using var dir = new TempDirectory();
        var path = dir.File("with-disparity.bin");
        using (var network = Networks.Seeded(Networks.SmallWithDisparity, seed: 4))
        {
            RefinerWeights.Save(network, path);
        }

        var architecture = RefinerWeights.ReadHeader(path).Architecture;
        Assert.Equal((RefinerInputs.ChannelsWithDisparity, HeadOutput.Residual, true), (architecture.InputChannels, architecture.Output, architecture.ReadsDisparity));
        Assert.False(MhfuArchitecture.Residual.ReadsDisparity);
        Assert.Throws<ArgumentException>(() => MhfuArchitecture.For(HeadOutput.Absolute, 4, 3, disparity: true));
        var error = Assert.Throws<ArgumentException>(() => new MhfuArchitecture(RefinerInputs.ChannelsWithDisparity, 4, 3).Validate());
        Assert.Contains("only a refiner that corrects the rule-based fusion reads the disparity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_choosing_among_the_fills_keeps_its_head_in_its_header_and_reads_23_channels()
    {
        using var dir = new TempDirectory();
        var path = dir.File("choice.bin");
        using (var network = Networks.Seeded(Networks.SmallChoice, seed: 4))
        {
            RefinerWeights.Save(network, path);
        }

        var architecture = RefinerWeights.ReadHeader(path).Architecture;
        Assert.Equal(Networks.SmallChoice, architecture);
        Assert.Equal((RefinerInputs.ChannelsWithFills, HeadOutput.Choice, true, true, true), (architecture.InputChannels, architecture.Output, architecture.ReadsDisparity, architecture.ReadsFills, architecture.CorrectsRules));
        Assert.False(MhfuArchitecture.Default.CorrectsRules);
        var error = Assert.Throws<ArgumentException>(() => new MhfuArchitecture(RefinerInputs.ChannelsWithDisparity, 4, 3, HeadOutput.Choice).Validate());
        Assert.Contains("a choice among the background fills takes 23 input channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_refiner_weights_is_refused_naming_the_file()
    {
        using var temp = new TempDirectory();
        var text = temp.File("notes.txt");
        File.WriteAllText(text, "just some text\nover two lines\n");
        var error = Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(text));
        Assert.Contains(text, error.Message);
        Assert.Contains("is not an MHFU refiner weights file", error.Message);

        // TorchSharp's own format without our header (someone passes a bare module.save file).
        var bare = temp.File("bare.dat");
        using (var network = Networks.Seeded(Networks.Small))
        {
            network.save(bare);
        }

        Assert.Contains("is not an MHFU refiner weights file", Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(bare)).Message);
    }

    [Fact]
    public void A_truncated_or_extended_file_is_refused_naming_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("refiner.weights");
        using (var network = Networks.Seeded(Networks.Small))
        {
            RefinerWeights.Save(network, path);
        }

        var bytes = File.ReadAllBytes(path);
        var truncated = temp.File("truncated.weights");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(truncated));
        Assert.Contains(truncated, error.Message);
        Assert.Contains("do not fit", error.Message);

        var extended = temp.File("extended.weights");
        File.WriteAllBytes(extended, [.. bytes, 1, 2, 3]);
        Assert.Contains("3 bytes follow the last tensor", Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(extended)).Message);
    }

    [Fact]
    public void Tensors_that_do_not_match_the_header_architecture_are_refused()
    {
        using var temp = new TempDirectory();
        var path = temp.File("refiner.weights");
        using (var network = Networks.Seeded(Networks.Small))
        {
            RefinerWeights.Save(network, path);
        }

        // Same number of tensors, other shapes: claim 8 base channels for a 4-channel network.
        var lied = temp.File("lied.weights");
        File.WriteAllBytes(lied, ReplaceHeader(File.ReadAllBytes(path), "\"baseChannels\":4", "\"baseChannels\":8"));
        var error = Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(lied));
        Assert.Contains(lied, error.Message);
        Assert.Contains("base channels 8", error.Message);

        // Other tensors: claim 4 levels for a 3-level network.
        var deeper = temp.File("deeper.weights");
        File.WriteAllBytes(deeper, ReplaceHeader(File.ReadAllBytes(path), "\"levels\":3", "\"levels\":4"));
        Assert.Contains("do not fit", Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(deeper)).Message);

        // An absurd architecture is refused before anything is allocated.
        var absurd = temp.File("absurd.weights");
        File.WriteAllBytes(absurd, ReplaceHeader(File.ReadAllBytes(path), "\"levels\":3", "\"levels\":40"));
        Assert.Contains("architecture is invalid", Assert.Throws<InvalidDataException>(() => RefinerWeights.Load(absurd)).Message);
    }

    /// <summary>The tensor's values, compared exactly (float equality is bit equality for non-NaN values).</summary>
    private static float[] Values(Tensor t) => t.detach().contiguous().data<float>().ToArray();

    private static byte[] ReplaceHeader(byte[] file, string from, string to)
    {
        var firstLine = Array.IndexOf(file, (byte)'\n');
        var secondLine = Array.IndexOf(file, (byte)'\n', firstLine + 1);
        var header = Encoding.UTF8.GetString(file, firstLine + 1, secondLine - firstLine - 1);
        Assert.Contains(from, header);
        return [.. file[..(firstLine + 1)], .. Encoding.UTF8.GetBytes(header.Replace(from, to, StringComparison.Ordinal)), .. file[secondLine..]];
    }
}
