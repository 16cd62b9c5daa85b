using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace SpatialMe.Media;

/// <summary>Reads a video file's properties with ffprobe (through FFMpegCore) into a <see cref="VideoInfo"/>.</summary>
public static class VideoProbe
{
    /// <summary>
    /// Probes <paramref name="path"/>. Throws <see cref="MediaException"/> where the file is missing, is not media
    /// ffmpeg can read, has no video stream, or has zero video frames.
    /// </summary>
    public static async Task<VideoInfo> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireInputFile(path);

        // Points FFMpegCore at the system ffprobe before its first use.
        _ = FFmpegTools.BinaryFolder;

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FFProbeProcessException e)
        {
            throw new MediaException(path, $"'{path}' is not a video file ffmpeg can read: {FirstError(e.StandardError, path)}", e);
        }
        catch (FFMpegException e)
        {
            throw new MediaException(path, $"'{path}' is not a video file ffmpeg can read: {e.Message}", e);
        }

        var video = analysis.VideoStreams.FirstOrDefault(s => !IsAttachedPicture(s))
            ?? throw new MediaException(path, $"'{path}' has no video stream");
        var raw = analysis.Raw.Streams.FirstOrDefault(s => s.Index == video.Index)
            ?? throw new MediaException(path, $"'{path}': ffprobe's stream list is inconsistent");

        if (video.Width is not > 0 || video.Height is not > 0)
        {
            throw new MediaException(path, $"'{path}' has a video stream without a picture size");
        }

        var frameRate = ChooseFrameRate(raw.FrameRate, raw.AvgFrameRate)
            ?? throw new MediaException(path, $"'{path}' has no usable video frame rate (ffprobe reports '{raw.FrameRate}' and '{raw.AvgFrameRate}')");
        var frameCount = await FrameCounter.CountAsync(path, video, raw, analysis.Format.FormatName, cancellationToken).ConfigureAwait(false);
        if (frameCount == 0)
        {
            throw new MediaException(path, $"'{path}' has zero video frames");
        }

        var rotation = RotationOf(video);
        var quarterTurn = rotation is 90 or 270;
        Rational.TryParse(Extension(raw, "time_base"), out var timeBase);

        return new VideoInfo
        {
            Path = path,
            Width = quarterTurn ? video.Height.Value : video.Width.Value,
            Height = quarterTurn ? video.Width.Value : video.Height.Value,
            FrameRate = frameRate,
            FrameCount = frameCount,
            Duration = DurationOf(video, analysis, frameCount, frameRate),
            CodecName = video.CodecName ?? "unknown",
            PixelFormat = video.PixelFormat ?? "unknown",
            ColorRange = Known(video.ColorRange),
            ColorSpace = Known(video.ColorSpace),
            ColorTransfer = Known(video.ColorTransfer),
            ColorPrimaries = Known(video.ColorPrimaries),
            Rotation = rotation,
            AudioStreamCount = analysis.AudioStreams.Count,
            SubtitleStreamCount = analysis.SubtitleStreams.Count,
            SubtitleCodecs = analysis.SubtitleStreams.Select(s => s.CodecName ?? "unknown").ToArray(),
            TimeBase = timeBase,
            StreamIndex = video.Index,
            VideoStartOffset = StartOffsetOf(video, analysis),
            StreamStartTime = video.StartTime,
        };
    }

    /// <summary>Throws the "does not exist" failure used by every reader.</summary>
    internal static void RequireInputFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new MediaException(path, $"input '{path}' is a folder, not a video file");
        }

        if (!File.Exists(path))
        {
            throw new MediaException(path, $"input '{path}' does not exist");
        }
    }

    internal static string? Extension(FFProbeStream stream, string key) =>
        stream.ExtensionData is { } data && data.TryGetValue(key, out var value) ? value.ToString() : null;

    /// <summary>
    /// r_frame_rate is the nominal rate and exact for constant-rate video; avg_frame_rate is frames over duration.
    /// They differ a lot only for field-rate or variable-rate streams, where the average is the better count of frames.
    /// </summary>
    private static Rational? ChooseFrameRate(string? nominalText, string? averageText)
    {
        var hasNominal = Rational.TryParse(nominalText, out var nominal) && nominal.IsPositive;
        var hasAverage = Rational.TryParse(averageText, out var average) && average.IsPositive;
        if (hasNominal && (!hasAverage || Math.Abs(nominal.Value - average.Value) <= 0.01 * average.Value))
        {
            return nominal.Reduce();
        }

        return hasAverage ? average.Reduce() : null;
    }

    /// <summary>
    /// Clockwise degrees. The display matrix side data gives the counter-clockwise angle that undoes the rotation
    /// (-90 for a clip a player turns 90° clockwise); the older "rotate" tag already gives the clockwise angle.
    /// </summary>
    private static int RotationOf(VideoStream video)
    {
        foreach (var entry in video.SideData ?? [])
        {
            if (entry.TryGetValue("rotation", out var value)
                && double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var counterClockwise))
            {
                return NormaliseQuarterTurns(-counterClockwise);
            }
        }

        if (video.Tags is { } tags && tags.TryGetValue("rotate", out var tag)
            && double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out var clockwise))
        {
            return NormaliseQuarterTurns(clockwise);
        }

        return 0;
    }

    private static int NormaliseQuarterTurns(double degrees)
    {
        var quarterTurns = (int)Math.Round(degrees / 90.0);
        return ((quarterTurns % 4) + 4) % 4 * 90;
    }

    private static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition is { } disposition && disposition.TryGetValue("attached_pic", out var attached) && attached;

    private static TimeSpan DurationOf(VideoStream video, IMediaAnalysis analysis, int frameCount, Rational frameRate)
    {
        if (video.Duration > TimeSpan.Zero)
        {
            return video.Duration;
        }

        return analysis.Format.Duration > TimeSpan.Zero
            ? analysis.Format.Duration
            : TimeSpan.FromSeconds(frameCount / frameRate.Value);
    }

    private static TimeSpan StartOffsetOf(VideoStream video, IMediaAnalysis analysis)
    {
        var offset = video.StartTime - analysis.Format.StartTime;
        return offset > TimeSpan.Zero ? offset : TimeSpan.Zero;
    }

    private static string? Known(string? value) =>
        string.IsNullOrWhiteSpace(value) || value is "unknown" or "reserved" or "unspecified" ? null : value;

    private static string FirstError(IReadOnlyList<string>? lines, string path)
    {
        var first = lines?.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        if (string.IsNullOrEmpty(first))
        {
            return "ffprobe gave no reason";
        }

        // ffprobe prefixes its message with the path, which the message already names.
        var prefix = path + ": ";
        return first.StartsWith(prefix, StringComparison.Ordinal) ? first[prefix.Length..] : first;
    }
}
