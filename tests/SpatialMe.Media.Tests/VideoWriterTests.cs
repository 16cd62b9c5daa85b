using System.Globalization;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

public sealed class VideoWriterTests : IDisposable
{
    private static readonly string[] Bt709Tags = ["-color_range", "tv", "-colorspace", "bt709", "-color_trc", "bt709", "-color_primaries", "bt709"];

    private readonly TempDirectory temp = new("media-write-");

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// Decode → encode keeps the frame count, both audio tracks, the subtitle track, the exact 30000/1001 rate
    /// and the BT.709 colour tags, and leaves no partial file.
    /// </summary>
    [Theory]
    [InlineData("mkv", "mkv", "subrip")]
    [InlineData("mp4", "mp4", "mov_text")]
    [InlineData("mkv", "mp4", "mov_text")]
    [InlineData("mp4", "mkv", "subrip")]
    public async Task RoundTrip_KeepsFramesTracksRateAndColour(string sourceContainer, string outputContainer, string outputSubtitleCodec)
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(
            temp.Path, seconds: 2, frameRate: "30000/1001", audioTracks: 2, withSubtitles: true, container: sourceContainer, extraOutputArguments: Bt709Tags));
        var output = temp.File("out." + outputContainer);

        var written = await CopyAsync(source, output, 0, source.FrameCount);

        var result = await VideoProbe.ProbeAsync(output);
        Assert.Equal(written, result.FrameCount);
        Assert.Equal(TestClips.CountDecodedFrames(output), result.FrameCount);
        Assert.Equal(2, result.AudioStreamCount);
        Assert.Equal([outputSubtitleCodec], result.SubtitleCodecs);
        Assert.Equal(new Rational(30000, 1001), result.FrameRate);
        Assert.Equal(("tv", "bt709", "bt709", "bt709"), (result.ColorRange, result.ColorSpace, result.ColorTransfer, result.ColorPrimaries));
        Assert.Equal(0, result.Rotation);
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    [Fact]
    public async Task FrameRange_WritesThoseFrames_AndCutsAudioToTheSameTimeSpan()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 3, frameRate: "25", audioTracks: 1, container: "mkv"));
        var output = temp.File("part.mp4");

        var written = await CopyAsync(source, output, 25, 50);

        var result = await VideoProbe.ProbeAsync(output);
        Assert.Equal(25, written);
        Assert.Equal(25, result.FrameCount);
        var audioSeconds = double.Parse(TestClips.StreamEntries(output, "a:0", "duration")[0], CultureInfo.InvariantCulture);
        Assert.InRange(audioSeconds, 0.9, 1.1);
    }

    /// <summary>
    /// A tone starts 4 s into the source; an output of the frames from 3 s on must hear it 1 s in, with its audio
    /// starting with its video (no audio from before the cut), also for an MPEG program stream whose seeks land
    /// early.
    /// </summary>
    [Theory]
    [InlineData("mpg")]
    [InlineData("mp4")]
    [InlineData("mkv")]
    public async Task TrimmedAudio_StaysInSyncWithTheFrameRange(string container)
    {
        var path = temp.File("tone." + container);
        TestClips.RunFFmpeg(["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=96x64:rate=25",
            "-f", "lavfi", "-i", @"aevalsrc=if(gte(t\,4)\,sin(2*PI*440*t)\,0):s=48000:d=8",
            "-frames:v", "200", "-g", "12", "-c:v", container == "mpg" ? "mpeg2video" : "libx264", "-c:a", container == "mpg" ? "mp2" : "aac", path]);
        var source = await VideoProbe.ProbeAsync(path);
        var output = temp.File("tone-cut.mkv");

        await CopyAsync(source, output, 75, 125);

        var toneStarts = TestClips.RunFFprobe(["-v", "error", "-f", "lavfi", "-i", $"amovie={output},silencedetect=n=-30dB:d=0.1",
            "-show_entries", "frame_tags=lavfi.silence_end", "-of", "csv=p=0"]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(toneStarts);
        Assert.InRange(double.Parse(toneStarts[0], CultureInfo.InvariantCulture), 0.95, 1.05);
        var audioStart = double.Parse(TestClips.StreamEntries(output, "a:0", "start_time")[0], CultureInfo.InvariantCulture);
        var videoStart = double.Parse(TestClips.StreamEntries(output, "v:0", "start_time")[0], CultureInfo.InvariantCulture);
        Assert.InRange(audioStart - videoStart, -0.05, 0.05);
    }

    [Fact]
    public async Task RotatedSource_OutputHasNoRotationTag()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.WithRotateTag(TestClips.Create(temp.Path, 160, 120, seconds: 1, audioTracks: 1), 90));
        var output = temp.File("upright.mp4");

        await CopyAsync(source, output, 0, source.FrameCount);

        var result = await VideoProbe.ProbeAsync(output);
        Assert.Equal(0, result.Rotation);
        Assert.Equal((120, 160), (result.Width, result.Height));
    }

    /// <summary>RGB → YUV uses the source's BT.709 matrix, so a saturated colour decodes back to itself.</summary>
    [Fact]
    public async Task Bt709Output_ColoursSurviveEncodeAndDecode()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1, extraOutputArguments: Bt709Tags));
        var output = temp.File("colour.mp4");
        await using (var writer = await VideoWriter.StartAsync(output, 64, 48, source, 0, 5, EncodeSettings.Default))
        {
            for (var i = 0; i < 5; i++)
            {
                await writer.WriteAsync(Frames.Solid(64, 48, 32, 192, 64));
            }

            await writer.CompleteAsync();
        }

        var frame = (await Frames.ReadAllAsync(await VideoProbe.ProbeAsync(output)))[2];
        var centre = ((24 * 64) + 32) * 3;
        Assert.InRange(frame.Pixels[centre], 29, 35);
        Assert.InRange(frame.Pixels[centre + 1], 189, 195);
        Assert.InRange(frame.Pixels[centre + 2], 61, 67);
    }

    [Fact]
    public async Task OddSize_IsPaddedToEven_AndEveryWrittenFrameIsKept()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1, frameRate: "30000/1001"));
        var output = temp.File("odd.mkv");
        await using (var writer = await VideoWriter.StartAsync(output, 161, 121, source, 0, 17, EncodeSettings.Default with { Preset = "ultrafast" }))
        {
            for (var i = 0; i < 17; i++)
            {
                await writer.WriteAsync(Frames.Numbered(161, 121, i));
            }

            await writer.CompleteAsync();
        }

        var result = await VideoProbe.ProbeAsync(output);
        Assert.Equal((162, 122), (result.Width, result.Height));
        Assert.Equal(17, result.FrameCount);
        Assert.Equal(new Rational(30000, 1001), result.FrameRate);
    }

    [Fact]
    public async Task DisposeWithoutComplete_KillsFFmpegAndLeavesNoFile()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1, audioTracks: 1));
        var output = temp.File("abandoned.mp4");

        await using (var writer = await VideoWriter.StartAsync(output, 64, 48, source, 0, source.FrameCount, EncodeSettings.Default))
        {
            await writer.WriteAsync(Frames.Solid(64, 48, 1, 2, 3));
            Assert.Single(Frames.PartialFiles(temp.Path));
        }

        Assert.False(File.Exists(output));
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    [Fact]
    public async Task CancelledWrite_ThrowsAndLeavesNoFile()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));
        var output = temp.File("cancelled.mp4");
        using var cancel = new CancellationTokenSource();
        await using var writer = await VideoWriter.StartAsync(output, 64, 48, source, 0, source.FrameCount, EncodeSettings.Default);
        await writer.WriteAsync(Frames.Solid(64, 48, 1, 2, 3));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(Frames.Solid(64, 48, 1, 2, 3), cancel.Token));

        Assert.False(File.Exists(output));
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    [Fact]
    public async Task EncoderFailure_NamesTheOutputAndFFmpegsError_AndLeavesNoFile()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));
        var output = temp.File("failed.mp4");

        var error = await Assert.ThrowsAsync<MediaException>(async () =>
        {
            await using var writer = await VideoWriter.StartAsync(output, 64, 48, source, 0, 10, EncodeSettings.Default with { Codec = "no_such_encoder" });
            for (var i = 0; i < 10; i++)
            {
                await writer.WriteAsync(Frames.Solid(64, 48, 1, 2, 3));
            }

            await writer.CompleteAsync();
        });

        Assert.Contains("failed.mp4", error.Message);
        Assert.Contains("no_such_encoder", error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    [Fact]
    public async Task FrameOfTheWrongSize_IsRejected()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));
        await using var writer = await VideoWriter.StartAsync(temp.File("size.mp4"), 64, 48, source, 0, 5, EncodeSettings.Default);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(Frames.Solid(32, 48, 0, 0, 0)));
    }

    [Fact]
    public async Task BitmapSubtitles_IntoMp4_FailBeforeEncodingWithAClearMessage()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1)) with { SubtitleStreamCount = 1, SubtitleCodecs = ["hdmv_pgs_subtitle"] };
        var output = temp.File("pgs.mp4");

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoWriter.StartAsync(output, 64, 48, source, 0, 5, EncodeSettings.Default));

        Assert.Contains("pgs.mp4", error.Message);
        Assert.Contains("hdmv_pgs_subtitle", error.Message);
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    /// <summary>Decodes source frames start..end-1 and writes them to <paramref name="output"/>; returns the count.</summary>
    private static async Task<int> CopyAsync(VideoInfo source, string output, int start, int end)
    {
        await using var writer = await VideoWriter.StartAsync(output, source.Width, source.Height, source, start, end, EncodeSettings.Default with { Preset = "ultrafast" });
        await foreach (var frame in FrameReader.ReadAsync(source, start, end))
        {
            await writer.WriteAsync(frame);
        }

        await writer.CompleteAsync();
        return writer.FramesWritten;
    }
}
