using System.Globalization;
using FFMpegCore;

namespace SpatialMe.Media;

/// <summary>
/// The exact number of frames a full decode yields. It is not simply the number of packets: an MP4 cut by stream
/// copy keeps the frames before the cut that the later frames depend on, and marks them (with an edit list) to be
/// decoded but not shown; ffprobe flags such packets "D" (discard).
/// </summary>
internal static class FrameCounter
{
    /// <summary>Leading packets inspected for discard flags in MP4/MOV: edit lists hide frames at the start only.</summary>
    private const int LeadingPackets = 500;

    /// <summary>
    /// Codecs where a packet need not hold exactly one displayed frame (packed B-frames in MPEG-4 part 2; open-GOP
    /// leading pictures in MPEG-1/2 that the decoder drops): for these the frames are decoded and counted, which is
    /// cheap for such old codecs. Every other codec is counted from packets, which only demuxes.
    /// </summary>
    private static readonly HashSet<string> CountByDecoding = ["mpeg1video", "mpeg2video", "mpeg4", "msmpeg4v3", "h263"];

    public static async Task<int> CountAsync(
        string path, VideoStream video, FFProbeStream raw, string? formatName, CancellationToken cancellationToken)
    {
        var stream = video.Index.ToString(CultureInfo.InvariantCulture);
        if (CountByDecoding.Contains(video.CodecName ?? string.Empty))
        {
            var output = await ProbeAsync(path, ["-select_streams", stream, "-count_frames", "-show_entries", "stream=nb_read_frames",
                "-of", "default=noprint_wrappers=1:nokey=1"], cancellationToken).ConfigureAwait(false);

            // One number, or "N/A" for a stream with nothing to decode; side data may add lines of its own.
            return output.Select(line => int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
                .FirstOrDefault(n => n is not null) ?? 0;
        }

        // MP4/MOV index their samples (nb_frames), so only the leading packets need reading for discard flags.
        var isMovFamily = formatName is not null && formatName.Contains("mp4", StringComparison.Ordinal);
        var hasIndex = int.TryParse(VideoProbe.Extension(raw, "nb_frames"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var indexed)
            && indexed > 0;
        string[] packetFlags = ["-select_streams", stream, "-show_entries", "packet=flags", "-of", "csv=p=0"];
        if (isMovFamily && hasIndex)
        {
            var leading = await ProbeAsync(path, [.. packetFlags, "-read_intervals", $"%+#{LeadingPackets}"], cancellationToken).ConfigureAwait(false);
            return indexed - leading.Count(IsDiscarded);
        }

        var packets = await ProbeAsync(path, packetFlags, cancellationToken).ConfigureAwait(false);
        return packets.Count(flags => !IsDiscarded(flags));
    }

    private static bool IsDiscarded(string flags) => flags.Contains('D', StringComparison.Ordinal);

    private static async Task<IReadOnlyList<string>> ProbeAsync(string path, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output, errors) = await FFmpegProcess.RunAsync(
            FFmpegTools.FFprobePath, ["-v", "error", .. arguments, path], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new MediaException(path, $"'{path}' could not be read to count its frames: {errors}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
