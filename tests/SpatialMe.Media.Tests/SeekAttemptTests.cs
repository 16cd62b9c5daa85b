using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

/// <summary>
/// In indexed containers the first, fast attempt (input-side seek just before the wanted frame) must already land
/// on it, so late starts there never fall back to decoding from the start.
/// </summary>
public sealed class SeekAttemptTests : IDisposable
{
    private readonly TempDirectory temp = new("media-seek-");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("mp4")]
    [InlineData("mkv")]
    public async Task FirstAttempt_LandsOnTheWantedFrame(string container)
    {
        var info = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, 96, 64, seconds: 10, frameRate: "30000/1001", container: container, keyframeInterval: 48));
        var attempt = DecodeAttempt.Plan(info, 250)[0];
        var firstFrameTime = new TaskCompletionSource<double?>();

        await using var ffmpeg = FFmpegProcess.Start(FFmpegTools.FFmpegPath, attempt.Arguments(info, 1), redirectInput: false, redirectOutput: true, line =>
        {
            var marker = line.IndexOf("pts_time:", StringComparison.Ordinal);
            if (marker >= 0 && line.Contains("n:   0 ", StringComparison.Ordinal))
            {
                firstFrameTime.TrySetResult(double.Parse(line[(marker + 9)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        var frame = new byte[96 * 64 * 3];
        await ffmpeg.StandardOutput.ReadExactlyAsync(frame);
        var stamp = await firstFrameTime.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(attempt.Verifies);
        Assert.True(attempt.Accepts(stamp, info.FrameRate), $"first frame stamped {stamp}, expected {attempt.ExpectedFirstSeconds}");
    }
}
