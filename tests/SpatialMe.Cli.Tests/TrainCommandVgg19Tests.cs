using System.Globalization;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class TrainCommandVgg19Tests
{
    private static string[] Args(string data, string weights, int steps, params string[] more) =>
    [
        "train", "refiner", "--data", data, "--out", weights, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--batch", "1",
        "--crop", "32", "--base-channels", "4", "--levels", "3", "--checkpoint-every", "0", "--threads", "1", .. more,
    ];

    [Fact]
    public void Train_refiner_with_vgg19_says_the_perceptual_term_is_on_logs_it_and_a_resume_without_it_is_refused()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        TrainCommandTests.WriteScenes(data);
        var vgg = Vgg19File.Write(dir.File("vgg19.safetensors"));
        var weights = dir.File("refiner.bin");

        var result = CliRunner.Run(Args(data, weights, 2, "--vgg19", vgg));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"perceptual (VGG19 conv2_1/conv3_1/conv4_1, weight 2) on: {vgg}", result.Stdout.Split('\n')[0], StringComparison.Ordinal);
        var lines = File.ReadAllLines(weights + ".losses.csv");
        Assert.Equal("step,l1,perceptual,adversarial,discriminator,total,ssim", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.True(double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture) > 0, l));

        var without = CliRunner.Run(Args(data, weights, 4, "--resume"));
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("the perceptual (VGG19) term on; this run has the perceptual (VGG19) term off", without.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refiner_refuses_a_missing_or_incomplete_vgg19_file_before_training()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        TrainCommandTests.WriteScenes(data);
        var weights = dir.File("refiner.bin");

        var missing = CliRunner.Run(Args(data, weights, 2, "--vgg19", dir.File("vgg19-dcbb9e9d.pth")));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(dir.File("vgg19-dcbb9e9d.pth") + ": no such file", missing.Stderr, StringComparison.Ordinal);

        var incomplete = Vgg19File.Write(dir.File("incomplete.safetensors"), without: "features.19.weight");
        var refused = CliRunner.Run(Args(data, weights, 2, "--vgg19", incomplete));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("missing features.19.weight: expected [512, 256, 3, 3]", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(weights + ".losses.csv"), "training started despite the bad VGG19 file");
    }
}
