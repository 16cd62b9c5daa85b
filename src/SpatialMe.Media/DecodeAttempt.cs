using System.Globalization;

namespace SpatialMe.Media;

/// <summary>
/// One way of making ffmpeg start its output exactly at a given frame. A late start is first tried with a fast
/// input-side seek; because not every container seeks to a keyframe (MPEG program/transport streams land on any
/// packet, and the decoder then waits for the next keyframe, skipping frames), each seeking attempt is verified:
/// the first frame's timestamp, logged by the showinfo filter, must be the wanted frame's. If it is not, the next
/// attempt seeks further back and selects by time; the last resort decodes from the start and selects by frame
/// number, which is exact by definition.
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
        var target = info.VideoStartOffset.TotalSeconds + (startFrame * frameSeconds);

        // ffmpeg's accurate seek drops every frame before the seek time, so seeking half a frame early makes the
        // wanted frame the first one out (the half frame absorbs rounding in coarse time bases).
        var attempts = new List<DecodeAttempt> { new(target - (frameSeconds / 2), null, frameSeconds / 2) };
        foreach (var margin in FallbackMargins)
        {
            var seek = target - margin;
            if (seek <= 0)
            {
                break;
            }

            attempts.Add(new DecodeAttempt(seek, Invariant($"gte(t\\,{margin - (frameSeconds / 2):0.######})"), margin));
        }

        attempts.Add(fromStart);
        return attempts;
    }

    /// <summary>Whether a first frame at <paramref name="seconds"/> (showinfo's pts_time) is the wanted frame.</summary>
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
            arguments.AddRange(["-ss", Invariant($"{seek:0.######}")]);
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
