using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

/// <summary>The real clip of ../shared/data (skipped where absent): 1280x720, 15 fps, 195 frames, H.264, no audio.</summary>
public sealed class RealDataTests
{
    [SkippableFact]
    public async Task TokyoWalk_ProbesAsDocumented()
    {
        var info = await VideoProbe.ProbeAsync(SharedData.RequireFile("video/tokyo-walk.mp4"));

        Assert.Equal((1280, 720), (info.Width, info.Height));
        Assert.Equal(new Rational(15, 1), info.FrameRate);
        Assert.Equal(195, info.FrameCount);
        Assert.Equal(0, info.AudioStreamCount);
        Assert.Equal("h264", info.CodecName);
    }

    /// <summary>A full decode yields all 195 frames, and a late range equals those frames of the full decode.</summary>
    [SkippableFact]
    public async Task TokyoWalk_DecodesEveryFrame_AndALateRangeMatchesTheFullDecode()
    {
        var info = await VideoProbe.ProbeAsync(SharedData.RequireFile("video/tokyo-walk.mp4"));
        var full = new List<string>();
        await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount))
        {
            Assert.Equal((1280, 720), (frame.Width, frame.Height));
            full.Add(Frames.Hash(frame));
        }

        var range = (await Frames.ReadAllAsync(info, 150, 156)).Select(Frames.Hash).ToArray();

        Assert.Equal(195, full.Count);
        Assert.Equal(full[150..156], range);
    }
}
