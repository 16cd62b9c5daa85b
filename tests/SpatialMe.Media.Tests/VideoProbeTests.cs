using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

public sealed class VideoProbeTests : IDisposable
{
    private readonly TempDirectory temp = new("media-probe-");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Mp4H264_ReportsSizeExactFrameCountRationalRateAndTrackCounts()
    {
        var path = TestClips.Create(temp.Path, 160, 120, seconds: 2, frameRate: "30000/1001", audioTracks: 2, withSubtitles: true, container: "mp4");

        var info = await VideoProbe.ProbeAsync(path);

        Assert.Equal(path, info.Path);
        Assert.Equal((160, 120), (info.Width, info.Height));
        Assert.Equal(60, info.FrameCount);
        Assert.Equal(TestClips.CountDecodedFrames(path), info.FrameCount);
        Assert.Equal(new Rational(30000, 1001), info.FrameRate);
        Assert.Equal(29.97, info.FramesPerSecond, 2);
        Assert.Equal(2, info.AudioStreamCount);
        Assert.Equal(1, info.SubtitleStreamCount);
        Assert.Equal(["mov_text"], info.SubtitleCodecs);
        Assert.Equal("h264", info.CodecName);
        Assert.Equal("yuv420p", info.PixelFormat);
        Assert.Equal(0, info.Rotation);
        Assert.True(info.TimeBase.IsPositive);
        Assert.InRange(info.Duration.TotalSeconds, 1.9, 2.1);
    }

    [Fact]
    public async Task Mpeg2ProgramStream_FrameCountIsExactThoughTheContainerHasNone()
    {
        var path = TestClips.Create(temp.Path, seconds: 3, frameRate: "25", audioTracks: 1, container: "mpg");

        var info = await VideoProbe.ProbeAsync(path);

        Assert.Equal(75, info.FrameCount);
        Assert.Equal(TestClips.CountDecodedFrames(path), info.FrameCount);
        Assert.Equal(new Rational(25, 1), info.FrameRate);
        Assert.Equal("mpeg2video", info.CodecName);
        Assert.Equal(1, info.AudioStreamCount);
    }

    [Fact]
    public async Task Matroska_FrameCountIsExactThoughTheContainerHasNone()
    {
        var path = TestClips.Create(temp.Path, seconds: 2, frameRate: "30000/1001", audioTracks: 1, withSubtitles: true, container: "mkv");

        var info = await VideoProbe.ProbeAsync(path);

        Assert.Equal(60, info.FrameCount);
        Assert.Equal(TestClips.CountDecodedFrames(path), info.FrameCount);
        Assert.Equal(new Rational(30000, 1001), info.FrameRate);
        Assert.Equal(["subrip"], info.SubtitleCodecs);
    }

    /// <summary>
    /// An MP4 cut by stream copy keeps the frames before the cut back to the previous keyframe, hidden by an edit
    /// list: they are in the index but a decode does not yield them, so they must not be counted.
    /// </summary>
    [Fact]
    public async Task Mp4CutByStreamCopy_DoesNotCountTheFramesItsEditListHides()
    {
        var whole = TestClips.Create(temp.Path, seconds: 2, frameRate: "30000/1001", keyframeInterval: 30);
        var cut = temp.File("cut.mp4");
        TestClips.RunFFmpeg(["-v", "error", "-y", "-ss", "1.1", "-i", whole, "-c", "copy", cut]);

        var info = await VideoProbe.ProbeAsync(cut);
        var frames = await Frames.ReadAllAsync(info);

        Assert.Equal(TestClips.CountDecodedFrames(cut), info.FrameCount);
        Assert.True(info.FrameCount < 30, $"the cut should show fewer frames than it stores, probed {info.FrameCount}");
        Assert.Equal(info.FrameCount, frames.Count);
        Assert.Equal(frames.Skip(10).Take(3).Select(Frames.Hash), (await Frames.ReadAllAsync(info, 10, 13)).Select(Frames.Hash));
    }

    [Fact]
    public async Task QuarterTurnedClip_ReportsDisplaySizeAndRotation()
    {
        var path = TestClips.WithRotateTag(TestClips.Create(temp.Path, 160, 120, seconds: 1), 90);

        var info = await VideoProbe.ProbeAsync(path);

        // Which way round is checked against the decoded pixels in FrameReaderTests.
        Assert.Contains(info.Rotation, new[] { 90, 270 });
        Assert.Equal((120, 160), (info.Width, info.Height));
    }

    [Fact]
    public async Task HalfTurnedClip_KeepsItsSize()
    {
        var path = TestClips.WithRotateTag(TestClips.Create(temp.Path, 160, 120, seconds: 1), 180);

        var info = await VideoProbe.ProbeAsync(path);

        Assert.Equal(180, info.Rotation);
        Assert.Equal((160, 120), (info.Width, info.Height));
    }

    [Fact]
    public async Task ColourTags_AreReported_AndAbsentOnesAreNull()
    {
        var tagged = TestClips.Create(temp.Path, seconds: 1, name: "tagged", extraOutputArguments:
            ["-color_range", "tv", "-colorspace", "bt709", "-color_trc", "bt709", "-color_primaries", "bt709"]);
        var untagged = TestClips.Create(temp.Path, seconds: 1, name: "untagged");

        var info = await VideoProbe.ProbeAsync(tagged);
        var plain = await VideoProbe.ProbeAsync(untagged);

        Assert.Equal(("tv", "bt709", "bt709", "bt709"), (info.ColorRange, info.ColorSpace, info.ColorTransfer, info.ColorPrimaries));
        Assert.Null(plain.ColorSpace);
        Assert.Null(plain.ColorTransfer);
        Assert.Null(plain.ColorPrimaries);
    }
}
