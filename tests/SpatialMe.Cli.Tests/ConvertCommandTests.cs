using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

public sealed class ConvertCommandTests
{
    [Fact]
    public void Convert_turns_a_clip_with_audio_and_subtitles_into_full_sbs_with_every_frame_and_track()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 128, height: 96, seconds: 1.2, audioTracks: 2, withSubtitles: true, container: "mkv");
        var output = dir.File("out.mkv");

        var result = CliRunner.Run("convert", input, "-o", output);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("depth: cues-v1", result.Stdout);
        Assert.Contains("done: 30 frames", result.Stdout);
        Assert.Equal("256,96,30", Probe(output, "v:0", "stream=width,height,nb_read_frames", count: true));
        Assert.Equal(2, Probe(output, "a", "stream=index").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(Probe(output, "s", "stream=index").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("half-sbs", 128, 96)]
    [InlineData("full-tb", 128, 192)]
    [InlineData("half-tb", 128, 96)]
    [InlineData("cross", 256, 96)]
    [InlineData("anaglyph", 128, 96)]
    [InlineData("anaglyph-half-color", 128, 96)]
    [InlineData("anaglyph-gray", 128, 96)]
    [InlineData("right", 128, 96)]
    [InlineData("disparity", 128, 96)]
    public void Every_format_produces_its_frame_size_and_frame_count(string format, int width, int height)
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 128, height: 96, seconds: 0.4);
        var output = dir.File("out.mp4");

        var result = CliRunner.Run("convert", input, "-o", output, "--format", format);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal($"{width},{height},10", Probe(output, "v:0", "stream=width,height,nb_read_frames", count: true));
    }

    [Fact]
    public void Start_and_end_select_a_frame_range_and_the_default_output_sits_beside_the_input()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 96, height: 64, seconds: 2, name: "walk");

        var result = CliRunner.Run("convert", input, "--start", "0.4s", "--end", "30", "-f", "half-sbs");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("96,64,20", Probe(Path.Combine(dir.Path, "walk.half-sbs.mp4"), "v:0", "stream=width,height,nb_read_frames", count: true));
    }

    [SkippableFact]
    public void Convert_handles_the_real_sample_clip_across_its_cut()
    {
        var sample = Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4");
        using var dir = new TempDirectory();
        var output = dir.File("city.mp4");

        // Frames 56..75 straddle the cut at frame 66.
        var result = CliRunner.Run("convert", sample, "-o", output, "--start", "56", "--end", "76");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("2 shot(s)", result.Stdout);
        Assert.Equal("1440,404,20", Probe(output, "v:0", "stream=width,height,nb_read_frames", count: true));
    }

    [SkippableFact]
    public void Convert_handles_the_real_video_in_shared_data()
    {
        var video = SharedData.RequireFile("video/tokyo-walk.mp4");
        using var dir = new TempDirectory();
        var output = dir.File("tokyo.mp4");

        var result = CliRunner.Run("convert", video, "-o", output, "--end", "12", "--preset", "veryfast");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("2560,720,12", Probe(output, "v:0", "stream=width,height,nb_read_frames", count: true));
    }

    [Fact]
    public void A_missing_input_fails_naming_the_file_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run("convert", dir.File("nope.mp4"), "-o", dir.File("out.mp4"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nope.mp4", result.Stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_file_that_is_not_a_video_fails_with_a_clear_error_and_no_output()
    {
        using var dir = new TempDirectory();
        var notes = dir.File("notes.txt");
        File.WriteAllText(notes, "not a video");
        var result = CliRunner.Run("convert", notes, "-o", dir.File("out.mp4"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("notes.txt", result.Stderr);
        Assert.False(File.Exists(dir.File("out.mp4")));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void An_existing_output_is_never_replaced_without_overwrite()
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 64, height: 48, seconds: 0.2);
        var output = dir.File("keep.mp4");
        File.WriteAllText(output, "precious");

        var result = CliRunner.Run("convert", input, "-o", output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--overwrite", result.Stderr);
        Assert.Equal("precious", File.ReadAllText(output));
    }

    [Theory]
    [InlineData("--divergence", "30", "divergence")]
    [InlineData("--convergence", "2", "convergence")]
    [InlineData("--crf", "60", "crf")]
    [InlineData("--start", "soon", "soon")]
    [InlineData("--format", "hologram", "hologram")]
    public void Bad_options_are_rejected_with_a_message_naming_them(string option, string value, string named)
    {
        using var dir = new TempDirectory();
        var input = TestClips.Create(dir.Path, width: 64, height: 48, seconds: 0.2);

        var result = CliRunner.Run("convert", input, "-o", dir.File("out.mp4"), option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.All, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(dir.File("out.mp4")));
    }

    [Fact]
    public void Help_explains_every_option_with_its_default()
    {
        var result = CliRunner.Run("convert", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var expected in new[] { "--format", "[default: full-sbs]", "--divergence", "[default: 2]", "--convergence", "[default: 0.5]", "--start", "--end", "--codec", "[default: libx264]", "--crf", "[default: 18]", "--preset", "[default: medium]" })
        {
            Assert.Contains(expected, result.Stdout);
        }
    }

    /// <summary>ffprobe entries of the selected streams as "a,b,c" lines.</summary>
    internal static string Probe(string path, string streams, string entries, bool count = false)
    {
        var args = new List<string> { "-v", "error", "-select_streams", streams };
        if (count)
        {
            args.Add("-count_frames");
            entries = entries.Replace("nb_read_frames", "nb_read_frames", StringComparison.Ordinal);
        }

        args.AddRange(["-show_entries", entries, "-of", "csv=p=0", path]);
        return TestClips.RunFFprobe(args).Trim();
    }
}
