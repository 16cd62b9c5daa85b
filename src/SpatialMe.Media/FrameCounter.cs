using System.Globalization;
using FFMpegCore;

namespace SpatialMe.Media;

/// <summary>
/// The exact number of frames a full decode yields. MP4/MOV files carry it in their index (nb_frames); other
/// containers (Matroska, MPEG program/transport streams) do not, so it is counted with ffprobe.
/// </summary>
internal static class FrameCounter
{
    /// <summary>
    /// Codecs where a packet need not hold exactly one displayed frame (packed B-frames in MPEG-4 part 2; open-GOP
    /// leading pictures in MPEG-1/2 that the decoder drops): for these the frames are decoded and counted, which is
    /// cheap for such old codecs. Every other codec is counted by packets, which only demuxes.
    /// </summary>
    private static readonly HashSet<string> CountByDecoding = ["mpeg1video", "mpeg2video", "mpeg4", "msmpeg4v3", "h263"];

    public static async Task<int> CountAsync(
        string path, VideoStream video, FFProbeStream raw, string? formatName, CancellationToken cancellationToken)
    {
        var isMovFamily = formatName is not null && formatName.Contains("mp4", StringComparison.Ordinal);
        if (isMovFamily
            && int.TryParse(VideoProbe.Extension(raw, "nb_frames"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var indexed)
            && indexed > 0)
        {
            return indexed;
        }

        var decode = CountByDecoding.Contains(video.CodecName ?? string.Empty);
        var entry = decode ? "nb_read_frames" : "nb_read_packets";
        string[] arguments =
        [
            "-v", "error",
            "-select_streams", video.Index.ToString(CultureInfo.InvariantCulture),
            decode ? "-count_frames" : "-count_packets",
            "-show_entries", "stream=" + entry,
            "-of", "default=noprint_wrappers=1:nokey=1",
            path,
        ];
        var (exitCode, output, errors) = await FFmpegProcess.RunAsync(FFmpegTools.FFprobePath, arguments, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new MediaException(path, $"'{path}' could not be read to count its frames: {errors}");
        }

        // One number, or "N/A" for a stream with no packets at all; side data may add lines of its own.
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var counted))
            {
                return counted;
            }
        }

        return 0;
    }
}
