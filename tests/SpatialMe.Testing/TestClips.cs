using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SpatialMe.Testing;

/// <summary>
/// Makes small synthetic clips with ffmpeg's lavfi sources (testsrc: a moving pattern with a frame counter, so
/// neighbouring frames differ; sine tones for audio; a two-cue SRT for subtitles). ffmpeg is run with
/// <see cref="ProcessStartInfo.ArgumentList"/>, never through a shell.
/// </summary>
public static class TestClips
{
    public const string FFmpeg = "/usr/bin/ffmpeg";
    public const string FFprobe = "/usr/bin/ffprobe";

    /// <summary>
    /// Creates <c>{name}.{container}</c> in <paramref name="directory"/> and returns its path. The clip has exactly
    /// <see cref="FrameCount"/>(<paramref name="seconds"/>, <paramref name="frameRate"/>) frames, keyframes every
    /// <paramref name="keyframeInterval"/> frames (so seeking has keyframes to land on) and B-frames where the codec
    /// has them. Containers: "mp4", "mov", "mkv" (H.264 + AAC; lossless: libx264rgb -qp 0 or FFV1 in mkv) and
    /// "mpg" (MPEG-2 + MP2, no subtitles). <paramref name="extraOutputArguments"/> go just before the file name
    /// (e.g. colour tags; for rotation see <see cref="WithRotateTag"/>).
    /// </summary>
    public static string Create(
        string directory,
        int width = 160,
        int height = 120,
        double seconds = 2,
        string frameRate = "25",
        int audioTracks = 0,
        bool withSubtitles = false,
        string container = "mp4",
        bool lossless = false,
        int keyframeInterval = 10,
        string name = "clip",
        IReadOnlyList<string>? extraOutputArguments = null)
    {
        var path = Path.Combine(directory, $"{name}.{container}");
        var isMpeg = container == "mpg";
        if (isMpeg && (withSubtitles || lossless))
        {
            throw new ArgumentException("An .mpg test clip can have neither subtitles nor lossless video.", nameof(container));
        }

        var frames = FrameCount(seconds, frameRate);
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc=size={width}x{height}:rate={frameRate}"),
        };
        for (var i = 0; i < audioTracks; i++)
        {
            args.AddRange(["-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"sine=frequency={220 * (i + 1)}:sample_rate=48000:duration={seconds}")]);
        }

        if (withSubtitles)
        {
            args.AddRange(["-i", WriteSubtitles(directory, seconds)]);
        }

        args.AddRange(["-map", "0:v"]);
        for (var i = 0; i < audioTracks + (withSubtitles ? 1 : 0); i++)
        {
            args.AddRange(["-map", (i + 1).ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-g", keyframeInterval.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(VideoCodec(container, lossless));
        if (audioTracks > 0)
        {
            args.AddRange(["-c:a", isMpeg ? "mp2" : "aac"]);
        }

        if (withSubtitles)
        {
            args.AddRange(["-c:s", container == "mkv" ? "srt" : "mov_text"]);
        }

        args.AddRange(extraOutputArguments ?? []);
        args.Add(path);
        RunFFmpeg(args);
        return path;
    }

    /// <summary>
    /// A stream copy of <paramref name="path"/> named <paramref name="name"/> (same extension) with the legacy
    /// "rotate" tag set, which ffmpeg 5.1 stores as a display matrix; players and ffmpeg then show it turned.
    /// (Set while encoding, the tag is dropped, hence the copy.)
    /// </summary>
    public static string WithRotateTag(string path, int degrees, string name = "rotated")
    {
        var rotated = Path.Combine(Path.GetDirectoryName(path)!, name + Path.GetExtension(path));
        RunFFmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-map", "0", "-c", "copy",
            "-metadata:s:v:0", "rotate=" + degrees.ToString(CultureInfo.InvariantCulture), rotated]);
        return rotated;
    }

    /// <summary>An audio-only file (AAC in .m4a).</summary>
    public static string CreateAudioOnly(string directory, double seconds = 1, string name = "song")
    {
        var path = Path.Combine(directory, name + ".m4a");
        RunFFmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
            string.Create(CultureInfo.InvariantCulture, $"sine=frequency=440:duration={seconds}"), "-c:a", "aac", path]);
        return path;
    }

    /// <summary>Frames in a clip of <paramref name="seconds"/> at <paramref name="frameRate"/> ("25", "30000/1001"), rounded.</summary>
    public static int FrameCount(double seconds, string frameRate) => (int)Math.Round(seconds * ParseRate(frameRate));

    /// <summary>Runs ffmpeg with these arguments; throws with ffmpeg's message where it fails.</summary>
    public static void RunFFmpeg(IEnumerable<string> arguments) => Run(FFmpeg, arguments);

    /// <summary>Runs ffprobe with these arguments and returns its standard output.</summary>
    public static string RunFFprobe(IEnumerable<string> arguments) => Run(FFprobe, arguments);

    /// <summary>
    /// Frames a full decode of the first video stream yields, counted by ffprobe itself (an independent check
    /// on other frame counts).
    /// </summary>
    public static int CountDecodedFrames(string path)
    {
        var output = RunFFprobe(["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames",
            "-of", "default=noprint_wrappers=1:nokey=1", path]);
        return int.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0], CultureInfo.InvariantCulture);
    }

    /// <summary>One ffprobe stream entry (e.g. "codec_name") for each stream matching <paramref name="selector"/> ("a", "s", "v:0").</summary>
    public static IReadOnlyList<string> StreamEntries(string path, string selector, string entry)
    {
        var output = RunFFprobe(["-v", "error", "-select_streams", selector, "-show_entries", "stream=" + entry,
            "-of", "default=noprint_wrappers=1:nokey=1", path]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static IEnumerable<string> VideoCodec(string container, bool lossless) => (container, lossless) switch
    {
        ("mpg", _) => ["-c:v", "mpeg2video", "-bf", "2", "-q:v", "4"],
        ("mkv", true) => ["-c:v", "ffv1"],
        (_, true) => ["-c:v", "libx264rgb", "-qp", "0", "-preset", "veryfast", "-pix_fmt", "rgb24"],
        _ => ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"],
    };

    private static string WriteSubtitles(string directory, double seconds)
    {
        var path = Path.Combine(directory, "subtitles-" + Guid.NewGuid().ToString("N")[..8] + ".srt");
        var half = TimeSpan.FromSeconds(seconds / 2);
        var end = TimeSpan.FromSeconds(seconds);
        var text = new StringBuilder()
            .Append("1\n00:00:00,000 --> ").Append(SrtTime(half)).Append("\nFirst line\n\n")
            .Append("2\n").Append(SrtTime(half)).Append(" --> ").Append(SrtTime(end)).Append("\nSecond line\n");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string SrtTime(TimeSpan time) => time.ToString(@"hh\:mm\:ss\,fff", CultureInfo.InvariantCulture);

    private static double ParseRate(string frameRate)
    {
        var parts = frameRate.Split('/');
        return parts.Length == 2
            ? double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture)
            : double.Parse(frameRate, CultureInfo.InvariantCulture);
    }

    private static string Run(string executable, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Cannot start {executable}.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{executable} {string.Join(' ', startInfo.ArgumentList)} failed with code {process.ExitCode}: {errors.Result}");
        }

        return output;
    }
}
