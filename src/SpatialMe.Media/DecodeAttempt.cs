using System.Globalization;

namespace SpatialMe.Media;

/// <summary>
/// One way of making ffmpeg start its output exactly at a given frame.
/// <para>
/// A late start is first tried with a fast input-side seek a little before the wanted frame, keeping the
/// container's own timestamps (<c>-copyts</c>) and selecting frames from the wanted frame's timestamp on. Not
/// every container seeks to a keyframe at or before the asked time: an MPEG program or transport stream lands on
/// any packet, the decoder then waits for the next keyframe, and the frames in between never appear (ffmpeg's
/// own timestamps after such a seek are shifted too, which is why the raw ones are kept). So each seeking attempt
/// is verified: the first frame's timestamp, logged by the showinfo filter, must be the wanted frame's. If it is
/// not, the next attempt seeks further back; the last resort decodes from the start and selects by frame number,
/// which is exact by definition (and the only exact choice for variable-rate video, whose timestamps do not
/// follow frame numbers).
/// </para>
/// </summary>
internal sealed record DecodeAttempt(double? SeekSeconds, string? Select, double? ExpectedFirstSeconds)
{
    /// <summary>How far before the wanted frame the fallback attempts seek: past any plausible keyframe interval.</summary>
    private static readonly double[] FallbackMargins = [3, 30];

    /// <summary>True where the first frame's timestamp must be checked before it is trusted.</summary>
    public bool Verifies => ExpectedFirstSeconds is not null;

    public static IReadOnlyList<DecodeAttempt> Plan(VideoInfo info, int startFrame)
    {
        var fromStart = new DecodeAttempt(null, startFrame > 0 ? Invariant($"gte(n\\,{startFrame})") : null, null);
        if (startFrame == 0)
        {
            return [fromStart];
        }

        var frameSeconds = (double)info.FrameRate.Denominator / info.FrameRate.Numerator;
        var offset = startFrame * frameSeconds;

        // The container's timestamp of the wanted frame, and the selection with half a frame of slack for rounding
        // in coarse time bases (Matroska's milliseconds).
        var stamp = info.StreamStartTime.TotalSeconds + offset;
        var select = Invariant($"gte(t\\,{stamp - (frameSeconds / 2):0.######})");
        var attempts = new List<DecodeAttempt>();
        foreach (var margin in (double[])[frameSeconds / 2, .. FallbackMargins])
        {
            // -ss counts from the start of the file, where audio may begin before the video.
            var seek = info.VideoStartOffset.TotalSeconds + offset - margin;
            if (seek <= 0)
            {
                break;
            }

            attempts.Add(new DecodeAttempt(seek, select, stamp));
        }

        attempts.Add(fromStart);
        return attempts;
    }

    /// <summary>Whether a first frame stamped <paramref name="seconds"/> (showinfo's pts_time) is the wanted frame.</summary>
    public bool Accepts(double? seconds, Rational frameRate) =>
        ExpectedFirstSeconds is not { } expected
        || (seconds is { } actual && Math.Abs(actual - expected) < 0.5 * frameRate.Denominator / frameRate.Numerator);

    /// <summary>
    /// <c>-frames:v</c> stops ffmpeg after the wanted count; <c>-fps_mode passthrough</c> keeps it from duplicating
    /// or dropping frames; the scale filter pins the output size should the stream change resolution midway.
    /// ffmpeg applies the container's rotation before these filters (autorotate).
    /// </summary>
    public IReadOnlyList<string> Arguments(VideoInfo info, int count)
    {
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", Verifies ? "level+info" : "error" };
        if (SeekSeconds is { } seek)
        {
            // No accurate seek: the select filter does the exact selection on the container's timestamps.
            arguments.AddRange(["-copyts", "-noaccurate_seek", "-ss", Invariant($"{seek:0.######}")]);
        }

        var filters = new List<string>();
        if (Select is not null)
        {
            filters.Add($"select={Select}");
        }

        if (Verifies)
        {
            filters.Add("showinfo=checksum=0");
        }

        filters.Add(Invariant($"scale={info.Width}:{info.Height}"));
        filters.Add("format=rgb24");
        arguments.AddRange(
        [
            "-i", info.Path,
            "-map", "0:" + info.StreamIndex.ToString(CultureInfo.InvariantCulture),
            "-an", "-sn", "-dn",
            "-fps_mode", "passthrough",
            "-vf", string.Join(',', filters),
            "-frames:v", count.ToString(CultureInfo.InvariantCulture),
            "-f", "rawvideo",
            "-pix_fmt", "rgb24",
            "pipe:1",
        ]);
        return arguments;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
