using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

public sealed class FrameReaderTests : IDisposable
{
    private readonly TempDirectory temp = new("media-read-");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("mp4")]
    [InlineData("mpg")]
    [InlineData("mkv")]
    public async Task WholeClip_YieldsEveryFrameAtTheProbedSize(string container)
    {
        var info = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, 160, 120, seconds: 2, container: container));

        var frames = await Frames.ReadAllAsync(info);

        Assert.Equal(50, frames.Count);
        Assert.All(frames, f => Assert.Equal((160, 120), (f.Width, f.Height)));
        Assert.Equal(frames.Count, frames.Select(Frames.Hash).Distinct().Count());
    }

    /// <summary>
    /// Ranges (including late starts that seek past several keyframes, single frames and the clip's end) yield
    /// exactly the frames of a full decode at those positions, pixel for pixel.
    /// </summary>
    [Theory]
    [InlineData("mkv", true)]
    [InlineData("mp4", true)]
    [InlineData("mp4", false)]
    [InlineData("mpg", false)]
    public async Task FrameRange_EqualsTheSameFramesOfAFullDecode(string container, bool lossless)
    {
        var path = TestClips.Create(temp.Path, 160, 120, seconds: 3, frameRate: container == "mpg" ? "25" : "30000/1001", container: container, lossless: lossless);
        var info = await VideoProbe.ProbeAsync(path);
        var full = (await Frames.ReadAllAsync(info)).Select(Frames.Hash).ToArray();
        Assert.Equal(info.FrameCount, full.Length);

        foreach (var (start, end) in new[] { (0, 5), (23, 31), (37, 38), (info.FrameCount - 4, info.FrameCount) })
        {
            var range = (await Frames.ReadAllAsync(info, start, end)).Select(Frames.Hash).ToArray();
            Assert.Equal(full[start..end], range);
        }
    }

    /// <summary>
    /// Late ranges in a longer MPEG program stream, whose seeks land on arbitrary packets rather than keyframes,
    /// still equal the full decode (the seek is verified and falls back to seeking further back).
    /// </summary>
    [Fact]
    public async Task LateRangeInAnMpegProgramStream_EqualsTheFullDecode()
    {
        var info = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, 96, 64, seconds: 10, frameRate: "25", container: "mpg", keyframeInterval: 12));
        var full = (await Frames.ReadAllAsync(info)).Select(Frames.Hash).ToArray();

        foreach (var (start, end) in new[] { (203, 211), (107, 109), (249, 250) })
        {
            var range = (await Frames.ReadAllAsync(info, start, end)).Select(Frames.Hash).ToArray();
            Assert.Equal(full[start..end], range);
        }
    }

    /// <summary>Frames of a rotated clip are the coded frames turned clockwise by the probed rotation.</summary>
    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public async Task RotatedClip_FramesComeInDisplayOrientation(int tag)
    {
        var upright = TestClips.Create(temp.Path, 160, 120, seconds: 1, lossless: true, name: "upright");
        var rotatedInfo = await VideoProbe.ProbeAsync(TestClips.WithRotateTag(upright, tag));

        var source = (await Frames.ReadAllAsync(await VideoProbe.ProbeAsync(upright), 3, 4))[0];
        var turned = (await Frames.ReadAllAsync(rotatedInfo, 3, 4))[0];

        var expected = source;
        for (var quarter = 0; quarter < rotatedInfo.Rotation / 90; quarter++)
        {
            expected = RotateClockwise(expected);
        }

        Assert.NotEqual(0, rotatedInfo.Rotation);
        Assert.Equal((expected.Width, expected.Height), (turned.Width, turned.Height));
        Assert.Equal(expected.Pixels, turned.Pixels);
    }

    [Fact]
    public async Task Cancellation_StopsTheEnumeration()
    {
        var info = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 2));
        using var cancel = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount, cancel.Token))
            {
                read++;
                cancel.Cancel();
            }
        });
        Assert.Equal(1, read);
    }

    [Fact]
    public async Task RangeBeyondTheClip_IsRejected()
    {
        var info = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Frames.ReadAllAsync(info, 0, info.FrameCount + 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Frames.ReadAllAsync(info, 5, 4));
    }

    [Fact]
    public void LateStart_FirstTriesAnInputSideSeekHalfAFrameEarly_AndLastDecodesFromTheStart()
    {
        var info = new VideoInfo
        {
            Path = "film.mkv",
            Width = 64,
            Height = 48,
            FrameRate = new Rational(25, 1),
            FrameCount = 1000,
            Duration = TimeSpan.FromSeconds(40),
            CodecName = "h264",
            PixelFormat = "yuv420p",
            TimeBase = new Rational(1, 1000),
        };

        var plan = DecodeAttempt.Plan(info, 500);
        var arguments = plan[0].Arguments(info, 10).ToList();
        var last = plan[^1].Arguments(info, 10).ToList();

        var seek = arguments.IndexOf("-ss");
        Assert.True(seek >= 0 && seek < arguments.IndexOf("-i"), "-ss must come before -i (fast input-side seek)");
        Assert.Equal("19.98", arguments[seek + 1]);
        Assert.Equal("10", arguments[arguments.IndexOf("-frames:v") + 1]);
        Assert.Contains("-copyts", arguments);
        Assert.Contains(@"select=gte(t\,19.98)", arguments[arguments.IndexOf("-vf") + 1]);
        Assert.True(plan[0].Verifies);
        Assert.DoesNotContain("-ss", last);
        Assert.Contains(@"select=gte(n\,500)", last[last.IndexOf("-vf") + 1]);
    }

    /// <summary>The first attempt accepts a first frame within half a frame of the wanted time only.</summary>
    [Fact]
    public void SeekVerification_RejectsAFrameThatIsNotTheWantedOne()
    {
        var rate = new Rational(25, 1);
        var attempt = new DecodeAttempt(1.0, null, 0.02);

        Assert.True(attempt.Accepts(0.02, rate));
        Assert.True(attempt.Accepts(0.03, rate));
        Assert.False(attempt.Accepts(0.06, rate));
        Assert.False(attempt.Accepts(null, rate));
    }

    private static RgbImage RotateClockwise(RgbImage source)
    {
        var turned = new RgbImage(source.Height, source.Width);
        for (var y = 0; y < turned.Height; y++)
        {
            for (var x = 0; x < turned.Width; x++)
            {
                var from = ((((source.Height - 1 - x) * source.Width) + y) * 3);
                var to = ((y * turned.Width) + x) * 3;
                source.Pixels.AsSpan(from, 3).CopyTo(turned.Pixels.AsSpan(to, 3));
            }
        }

        return turned;
    }
}
