using SpatialMe.Media;
using SpatialMe.Models.Depth;
using SpatialMe.Stereo.Imaging;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// `spatialme models check` and `spatialme depth` run as the real program on a tiny Depth Anything V2 weights file in
/// the official key layout that the test writes itself (nothing is downloaded).
/// </summary>
public sealed class DepthCommandTests
{
    [Fact]
    public void Models_check_reports_a_valid_file_and_exits_2_listing_what_is_wrong_with_a_broken_one()
    {
        var dir = TempDirectory();
        var weights = new Dictionary<string, Tensor>(TinyWeights());
        var good = Path.Combine(dir, "tiny.pth");
        PyTorchPickler.PickleStateDict(good, weights);

        var ok = CliRunner.Run("models", "check", good);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("kind:       pth", ok.Stdout);
        Assert.Contains($"tensors:    {weights.Count}", ok.Stdout);
        Assert.Contains("dtype:      float32", ok.Stdout);

        weights.Remove("depth_head.scratch.output_conv1.bias");
        var broken = Path.Combine(dir, "broken.safetensors");
        Safetensors.SaveStateDict(broken, weights);
        var bad = CliRunner.Run("models", "check", broken);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(broken, bad.Stderr);
        Assert.Contains("missing depth_head.scratch.output_conv1.bias: expected [8]", bad.Stderr);
    }

    [Fact]
    public void Models_check_says_what_refiner_weights_are_and_refuses_a_truncated_file()
    {
        var dir = TempDirectory();
        var weights = TestModels.Refiner(dir);

        var ok = CliRunner.Run("models", "check", weights);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("kind:       SpatialMe MHFU refiner weights (format 1)", ok.Stdout);
        Assert.Contains("network:    base channels", ok.Stdout);
        Assert.Contains("parameters: ", ok.Stdout);

        var truncated = Path.Combine(dir, "truncated.bin");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 100)]);
        var bad = CliRunner.Run("models", "check", truncated);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("invalid: ", bad.Stderr);
        Assert.Contains(truncated, bad.Stderr);
    }

    [Fact]
    public void Models_check_reports_the_shipped_refiner()
    {
        var shipped = Models.Refiner.ShippedRefiner.DefaultPath;
        Assert.True(File.Exists(shipped), $"the build did not copy the shipped refiner to {shipped}");
        var ok = CliRunner.Run("models", "check", shipped);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("head:       choice: corrects the rule-based fusion; the holes' content is a choice among its background fills", ok.Stdout);
        Assert.Contains("inputs:     23 channels", ok.Stdout);
        Assert.Contains("parameters: 233,798", ok.Stdout);
        Assert.Contains("trained:    spatialme train refiner: step 500", ok.Stdout);
    }

    [Fact]
    public void Depth_writes_a_pfm_at_the_image_size_that_is_the_same_on_every_run()
    {
        var dir = TempDirectory();
        var model = Path.Combine(dir, "tiny.safetensors");
        Safetensors.SaveStateDict(model, TinyWeights());
        var image = Path.Combine(dir, "frame.png");
        var frame = new RgbImage(50, 34);
        for (var i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = (byte)((i * 37) % 251);
        }

        ImageFiles.WritePng(image, frame);
        var first = Path.Combine(dir, "a.pfm");
        var second = Path.Combine(dir, "b.pfm");

        var run = CliRunner.Run("depth", image, "--depth-model", model, "-o", first, "--input-size", "42", "--threads", "1");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(0, CliRunner.Run("depth", image, "--depth-model", model, "-o", second, "--input-size", "42", "--threads", "1").ExitCode);

        var depth = ImageFiles.ReadPfm(first);
        Assert.Equal((50, 34), (depth.Width, depth.Height));
        Assert.All(depth.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(depth.Data, ImageFiles.ReadPfm(second).Data);
    }

    /// <summary>A seeded tiny network's state dict (embed 64, 4 blocks, features 16).</summary>
    internal static Dictionary<string, Tensor> TinyWeights()
    {
        using var network = new DepthAnythingV2Network(DepthAnythingConfig.Custom(64, 4, 16, [8, 16, 32, 32]));
        var generator = new Generator(11);
        return network.named_parameters().ToDictionary(p => p.name, p => (randn(p.parameter.shape, generator: generator) * 0.2).detach());
    }

    private static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "spatialme-depth-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
