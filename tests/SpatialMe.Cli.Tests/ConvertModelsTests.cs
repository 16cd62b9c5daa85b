using System.Globalization;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// `convert` with learned models (<c>--refiner</c>, <c>--depth-model</c>), in one stream and on the embedded farm,
/// with tiny model files the tests write. Outputs are lossless (FFV1, RGB) right views, so frames compare exactly.
/// </summary>
public sealed class ConvertModelsTests(ITestOutputHelper log)
{
    // Strong 3D on a small clip: wide disocclusions give the refiner pixels of its own to decide (it refines
    // disocclusions only; at divergence 6 this clip's cue depth opens none, only the border band).
    private static readonly string[] Lossless = ["-f", "right", "--codec", "ffv1", "--pix-fmt", "bgr0", "--divergence", "10"];

    [Fact]
    public async Task A_refiner_changes_the_one_stream_output_the_same_way_on_every_run_and_the_summary_names_the_fusion()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 96, height: 64, seconds: 0.4);
        var refiner = TestModels.Refiner(dir.Path);

        var first = CliRunner.Run(["convert", input, "-o", dir.File("a.mkv"), "--no-farm", "--refiner", refiner, .. Lossless]);
        var second = CliRunner.Run(["convert", input, "-o", dir.File("b.mkv"), "--no-farm", "--refiner", refiner, .. Lossless]);
        var ruleBased = CliRunner.Run(["convert", input, "-o", dir.File("c.mkv"), "--no-farm", "--refiner", "none", .. Lossless]);

        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.True(ruleBased.ExitCode == 0, ruleBased.All);
        Assert.Contains("fusion: refiner tiny-refiner.bin", first.Stdout);
        Assert.Contains("convert: depth cues-v1, fusion refiner tiny-refiner.bin", first.Stdout); // the header, before the work
        Assert.Contains("fusion: rule-based", ruleBased.Stdout);
        var a = Hashes(await Frames(dir.File("a.mkv")));
        Assert.Equal(10, a.Count);
        Assert.Equal(a, Hashes(await Frames(dir.File("b.mkv"))));
        Assert.NotEqual(a, Hashes(await Frames(dir.File("c.mkv"))));
    }

    [Fact]
    public void A_missing_refiner_or_depth_model_exits_2_naming_the_file_before_any_work()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 64, height: 48, seconds: 0.2);
        var notWeights = dir.File("notes.bin");
        File.WriteAllText(notWeights, "not weights");

        foreach (var args in new[]
        {
            new[] { "--refiner", dir.File("no-such-refiner.bin") },
            ["--refiner", dir.File("no-such-refiner.bin"), "--no-farm"],
            ["--refiner", notWeights, "--no-farm"],
            ["--depth-model", dir.File("no-such-depth.pth")],
            ["--depth-model", dir.File("no-such-depth.pth"), "--no-farm"],
            ["--depth-model", notWeights],
        })
        {
            var result = CliRunner.Run(["convert", input, "-o", dir.File("out.mp4"), .. args]);
            Assert.True(result.ExitCode == 2, string.Join(' ', args) + ": " + result.All);
            Assert.Contains(Path.GetFileName(args[1]), result.Stderr);
            Assert.False(File.Exists(dir.File("out.mp4")));
        }

        // submit checks the same options the same way, before it looks for a cluster.
        var submit = CliRunner.Run("submit", input, "-o", dir.File("out.mp4"), "--refiner", dir.File("no-such-refiner.bin"));
        Assert.True(submit.ExitCode == 2, submit.All);
        Assert.Contains("no-such-refiner.bin", submit.Stderr);
    }

    [Fact]
    public async Task The_embedded_farm_renders_what_one_stream_renders_with_a_depth_model_and_a_refiner_and_both_name_them()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 96, height: 64, seconds: 0.4);
        string[] models = ["--refiner", TestModels.Refiner(dir.Path), "--depth-model", TestModels.DepthAnything(dir.Path), "--depth-input-size", "42"];

        var direct = CliRunner.Run(["convert", input, "-o", dir.File("direct.mkv"), "--no-farm", .. models, .. Lossless]);
        var farm = CliRunner.Run(["convert", input, "-o", dir.File("farm.mkv"), .. models, .. Lossless]);

        foreach (var result in new[] { direct, farm })
        {
            Assert.True(result.ExitCode == 0, result.All);
            Assert.Contains("depth: depth-anything-v2-", result.Stdout);
            Assert.Contains("Depth Anything V2", result.Stdout);
            Assert.Contains("fusion: refiner tiny-refiner.bin", result.Stdout);
        }

        // As for the rule-based fusion (Farm.Tests QualityTests): the farm stores depth in 16 bits and views
        // losslessly, so its frames match the one-stream ones to well above 40 dB, not bit for bit.
        var expected = await Frames(dir.File("direct.mkv"));
        var actual = await Frames(dir.File("farm.mkv"));
        Assert.Equal(expected.Count, actual.Count);
        var psnr = expected.Zip(actual, (e, a) => ImageMetrics.Compare(e, a).Psnr).Select(v => double.IsFinite(v) ? v : 100).ToList();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"farm vs one stream with models: worst {psnr.Min():F2} dB"));
        Assert.True(psnr.Min() > 40, $"worst frame {psnr.Min()} dB");
    }

    private static List<string> Hashes(List<RgbImage> frames) =>
        frames.Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Pixels))).ToList();

    private static async Task<List<RgbImage>> Frames(string path)
    {
        var info = await VideoProbe.ProbeAsync(path);
        var frames = new List<RgbImage>();
        await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount))
        {
            frames.Add(frame.Clone());
        }

        return frames;
    }
}
