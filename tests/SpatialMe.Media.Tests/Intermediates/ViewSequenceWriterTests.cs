using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests.Intermediates;

public sealed class ViewSequenceWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("media-views-");

    public void Dispose() => _temp.Dispose();

    /// <summary>Noise over gradients at an odd size: nothing a lossy or subsampling path could get through unchanged.</summary>
    private static RgbImage NoisyGradient(int width, int height, int index)
    {
        var random = new Random(index);
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var noise = random.Next(-40, 41);
                row[3 * x] = (byte)Math.Clamp((x * 255 / width) + noise, 0, 255);
                row[(3 * x) + 1] = (byte)Math.Clamp((y * 255 / height) - noise, 0, 255);
                row[(3 * x) + 2] = (byte)((index * 37) + random.Next(256));
            }
        }

        return image;
    }

    private async Task<VideoInfo> WriteAsync(string path, IReadOnlyList<RgbImage> frames, Rational rate)
    {
        await using (var writer = await ViewSequenceWriter.StartAsync(path, frames[0].Width, frames[0].Height, rate, CancellationToken.None))
        {
            foreach (var frame in frames)
            {
                await writer.WriteAsync(frame, CancellationToken.None);
            }

            Assert.False(File.Exists(path));
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.Empty(Frames.PartialFiles(_temp.Path));
        return await VideoProbe.ProbeAsync(path);
    }

    [Fact]
    public async Task Odd_sized_noise_round_trips_byte_exactly_also_from_a_middle_frame()
    {
        var frames = Enumerable.Range(0, 12).Select(i => NoisyGradient(321, 181, i)).ToList();
        var path = _temp.File("segment-views.mkv");

        var info = await WriteAsync(path, frames, new Rational(24000, 1001));

        Assert.Equal((321, 181, 12), (info.Width, info.Height, info.FrameCount));
        Assert.Equal(new Rational(24000, 1001), info.FrameRate);
        Assert.Equal("ffv1", info.CodecName);
        Assert.Equal(((string?)null, (string?)null), (info.ColorTransfer, info.ColorPrimaries)); // nothing tagged
        Assert.Equal(0, info.AudioStreamCount + info.SubtitleStreamCount);

        // Every frame is a keyframe, so any frame decodes on its own.
        Assert.All(TestClips.RunFFprobe(["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", path])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), flags => Assert.Contains('K', flags));

        var all = await Frames.ReadAllAsync(info);
        Assert.Equal(frames.Count, all.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].Pixels, all[i].Pixels);
        }

        var middle = await Frames.ReadAllAsync(info, 7, 10);
        Assert.Equal(3, middle.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(frames[7 + i].Pixels, middle[i].Pixels);
        }
    }

    [Fact]
    public async Task Real_frames_round_trip_byte_exactly_also_from_a_middle_frame()
    {
        var sample = await VideoProbe.ProbeAsync(Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4"));
        var frames = await Frames.ReadAllAsync(sample, 60, 68); // across the cut at 66
        var path = _temp.File("city-views.mkv");

        var info = await WriteAsync(path, frames, sample.FrameRate);

        Assert.Equal((sample.Width, sample.Height, frames.Count), (info.Width, info.Height, info.FrameCount));
        Assert.Equal(frames.Select(Frames.Hash), (await Frames.ReadAllAsync(info)).Select(Frames.Hash));
        Assert.Equal(frames[5..].Select(Frames.Hash), (await Frames.ReadAllAsync(info, 5, frames.Count)).Select(Frames.Hash));
    }

    [Fact]
    public async Task Disposing_without_complete_leaves_no_file()
    {
        var path = _temp.File("abandoned.mkv");
        await using (var writer = await ViewSequenceWriter.StartAsync(path, 33, 17, new Rational(25, 1), CancellationToken.None))
        {
            await writer.WriteAsync(NoisyGradient(33, 17, 0), CancellationToken.None);
            Assert.Single(Frames.PartialFiles(_temp.Path));
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Frames.PartialFiles(_temp.Path));
    }

    [Fact]
    public async Task Paths_other_than_matroska_and_bad_rates_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ViewSequenceWriter.StartAsync(_temp.File("views.mp4"), 32, 16, new Rational(25, 1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ViewSequenceWriter.StartAsync(_temp.File("views.mkv"), 32, 16, new Rational(0, 0), CancellationToken.None));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }
}
