using System.Globalization;
using System.Runtime.CompilerServices;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media;

/// <summary>
/// Streaming, frame-exact decode of a video's frames as 8-bit RGB, through ffmpeg's rgb24 raw output on a pipe.
/// Only one frame is buffered here (plus the OS pipe buffer), so memory stays small whatever the film's length.
/// </summary>
public static class FrameReader
{
    /// <summary>
    /// Yields exactly the input frames <paramref name="startFrame"/> .. <paramref name="endFrame"/> - 1 (frame
    /// numbers count every frame a full decode yields, from 0), in display orientation: ffmpeg applies the
    /// container's rotation. Stopping the enumeration early, or cancelling, ends the ffmpeg process.
    /// Throws <see cref="MediaException"/> where the stream ends before <paramref name="endFrame"/> (a corrupt or
    /// truncated file), naming the frame where decoding stopped.
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
        cancellationToken.ThrowIfCancellationRequested();
        var frameBytes = checked(info.Width * info.Height * 3);
        var count = endFrame - startFrame;

        await using var ffmpeg = FFmpegProcess.Start(FFmpegTools.FFmpegPath, DecodeArguments(info, startFrame, count), redirectInput: false, redirectOutput: true);

        // Killing ffmpeg closes the pipe, which ends a read blocked on it.
        await using var killOnCancel = cancellationToken.Register(ffmpeg.Kill);
        var output = ffmpeg.StandardOutput;
        for (var i = 0; i < count; i++)
        {
            // A fresh buffer per frame: the caller may keep frames (e.g. as temporal neighbours).
            var pixels = new byte[frameBytes];
            var read = await output.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < frameBytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ffmpeg.TryWaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                throw StoppedEarly(info, startFrame + i, ffmpeg);
            }

            yield return new RgbImage(info.Width, info.Height, pixels);
        }
    }

    /// <summary>
    /// For a late start, ffmpeg seeks on the input side to half a frame before the wanted frame: it jumps to the
    /// keyframe before that time, decodes from there and drops every frame earlier than the time (its accurate
    /// seek), so the first frame out is exactly <paramref name="startFrame"/>. The half-frame margin absorbs
    /// timestamp rounding in coarse time bases (Matroska's milliseconds). <c>-frames:v</c> then stops it after
    /// the wanted count. <c>-fps_mode passthrough</c> keeps ffmpeg from duplicating or dropping frames, and the
    /// scale filter pins the output size should the stream change resolution midway.
    /// </summary>
    internal static IReadOnlyList<string> DecodeArguments(VideoInfo info, int startFrame, int count)
    {
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
        if (startFrame > 0)
        {
            var seconds = info.VideoStartOffset.TotalSeconds
                + ((startFrame - 0.5) * info.FrameRate.Denominator / info.FrameRate.Numerator);
            arguments.AddRange(["-ss", seconds.ToString("0.######", CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(
        [
            "-i", info.Path,
            "-map", "0:" + info.StreamIndex.ToString(CultureInfo.InvariantCulture),
            "-an", "-sn", "-dn",
            "-fps_mode", "passthrough",
            "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={info.Width}:{info.Height},format=rgb24"),
            "-frames:v", count.ToString(CultureInfo.InvariantCulture),
            "-f", "rawvideo",
            "-pix_fmt", "rgb24",
            "pipe:1",
        ]);
        return arguments;
    }

    private static MediaException StoppedEarly(VideoInfo info, int frame, FFmpegProcess ffmpeg)
    {
        var reason = ffmpeg.ErrorSummary();
        if (string.IsNullOrEmpty(reason))
        {
            reason = ffmpeg.HasExited ? $"ffmpeg exited with code {ffmpeg.ExitCode} without an error message" : "the stream ended";
        }

        return new MediaException(info.Path, $"'{info.Path}' is corrupt: decoding stopped at frame {frame} of {info.FrameCount} ({reason})");
    }
}
