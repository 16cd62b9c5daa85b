using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media;

/// <summary>
/// Streaming, frame-exact decode of a video's frames as 8-bit RGB, through ffmpeg's rgb24 raw output on a pipe.
/// Only one frame is buffered here (plus the OS pipe buffer), so memory stays small whatever the film's length.
/// </summary>
public static partial class FrameReader
{
    /// <summary>
    /// Yields exactly the input frames <paramref name="startFrame"/> .. <paramref name="endFrame"/> - 1 (frame
    /// numbers count every frame a full decode yields, from 0), in display orientation: ffmpeg applies the
    /// container's rotation. A late start seeks (see <see cref="DecodeAttempt"/>). Stopping the enumeration early,
    /// or cancelling, ends the ffmpeg process. Throws <see cref="MediaException"/> where the stream ends before
    /// <paramref name="endFrame"/> (a corrupt or truncated file), naming the frame where decoding stopped.
    /// </summary>
    public static async IAsyncEnumerable<RgbImage> ReadAsync(
        VideoInfo info,
        int startFrame,
        int endFrame,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endFrame, info.FrameCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startFrame, endFrame);
        if (startFrame == endFrame)
        {
            yield break;
        }

        VideoProbe.RequireInputFile(info.Path);
        var frameBytes = checked(info.Width * info.Height * 3);
        var count = endFrame - startFrame;
        var attempts = DecodeAttempt.Plan(info, startFrame);
        for (var a = 0; a < attempts.Count; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = attempts[a];
            var isLast = a == attempts.Count - 1;
            var firstFrameTime = new TaskCompletionSource<double?>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var ffmpeg = FFmpegProcess.Start(
                FFmpegTools.FFmpegPath,
                attempt.Arguments(info, count),
                redirectInput: false,
                redirectOutput: true,
                attempt.Verifies ? line => ObserveFirstFrame(line, firstFrameTime) : null);

            // Killing ffmpeg closes the pipe, which ends a read blocked on it.
            await using var killOnCancel = cancellationToken.Register(ffmpeg.Kill);

            var first = await ReadFrameAsync(ffmpeg, frameBytes, cancellationToken).ConfigureAwait(false);
            if (first is null || (attempt.Verifies && !attempt.Accepts(await WaitAsync(firstFrameTime.Task).ConfigureAwait(false), info.FrameRate)))
            {
                // The seek landed past the wanted frame (or decoded nothing): try the next, safer attempt.
                cancellationToken.ThrowIfCancellationRequested();
                if (!isLast)
                {
                    continue;
                }

                throw await StoppedEarlyAsync(info, startFrame, ffmpeg).ConfigureAwait(false);
            }

            yield return new RgbImage(info.Width, info.Height, first);
            for (var i = 1; i < count; i++)
            {
                var pixels = await ReadFrameAsync(ffmpeg, frameBytes, cancellationToken).ConfigureAwait(false)
                    ?? throw await StoppedEarlyAsync(info, startFrame + i, ffmpeg).ConfigureAwait(false);
                yield return new RgbImage(info.Width, info.Height, pixels);
            }

            yield break;
        }
    }

    /// <summary>One frame's bytes, or null at the end of the stream. A fresh buffer each time: callers may keep frames.</summary>
    private static async Task<byte[]?> ReadFrameAsync(FFmpegProcess ffmpeg, int frameBytes, CancellationToken cancellationToken)
    {
        var pixels = new byte[frameBytes];
        var read = await ffmpeg.StandardOutput.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return read == frameBytes ? pixels : null;
    }

    /// <summary>
    /// showinfo logs each frame before ffmpeg writes it to stdout, but the two pipes are read independently, so the
    /// line may arrive a moment after the frame. No line at all counts as "not verified".
    /// </summary>
    private static async Task<double?> WaitAsync(Task<double?> firstFrameTime)
    {
        var finished = await Task.WhenAny(firstFrameTime, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        return finished == firstFrameTime ? await firstFrameTime.ConfigureAwait(false) : null;
    }

    private static void ObserveFirstFrame(string line, TaskCompletionSource<double?> firstFrameTime)
    {
        var match = ShowInfoFrame().Match(line);
        if (match.Success && match.Groups[1].Value == "0")
        {
            firstFrameTime.TrySetResult(
                double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
        }
    }

    private static async Task<MediaException> StoppedEarlyAsync(VideoInfo info, int frame, FFmpegProcess ffmpeg)
    {
        await ffmpeg.TryWaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var reason = ffmpeg.ErrorSummary();
        if (string.IsNullOrEmpty(reason))
        {
            reason = ffmpeg.HasExited ? $"ffmpeg exited with code {ffmpeg.ExitCode} without an error message" : "the stream ended";
        }

        return new MediaException(info.Path, $"'{info.Path}' is corrupt: decoding stopped at frame {frame} of {info.FrameCount} ({reason})");
    }

    /// <summary>showinfo's per-frame line: "n:   0 pts:  14400 pts_time:0.16 ...".</summary>
    [GeneratedRegex(@"\bn:\s*(\d+)\s+pts:\s*\S+\s+pts_time:(\S+)")]
    private static partial Regex ShowInfoFrame();
}
