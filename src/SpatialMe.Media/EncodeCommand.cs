using System.Globalization;

namespace SpatialMe.Media;

/// <summary>
/// The ffmpeg command line of one <see cref="VideoWriter"/>: raw rgb24 frames from stdin are encoded and muxed in
/// the same run with the source's audio and subtitle tracks (the source is a second input), so no intermediate
/// video-only file is ever written.
/// </summary>
internal static class EncodeCommand
{
    /// <summary>swscale's names for the matrices of ffprobe's colour spaces (others are left to swscale's default).</summary>
    private static readonly Dictionary<string, string> ScaleMatrices = new()
    {
        ["bt709"] = "bt709",
        ["smpte170m"] = "smpte170m",
        ["bt470bg"] = "bt470",
        ["fcc"] = "fcc",
        ["smpte240m"] = "smpte240m",
        ["bt2020nc"] = "bt2020",
        ["bt2020c"] = "bt2020",
    };

    public static IReadOnlyList<string> Build(
        string partialPath,
        int width,
        int height,
        VideoInfo source,
        int sourceStartFrame,
        int sourceEndFrame,
        EncodeSettings settings,
        IReadOnlyList<string> subtitlePlan)
    {
        var rate = source.FrameRate.ToString();
        var arguments = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-video_size", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"),
            "-framerate", rate,
            "-i", "pipe:0",
        };

        var carriesTracks = source.AudioStreamCount + source.SubtitleStreamCount > 0;
        if (carriesTracks)
        {
            AddTrimmedSource(arguments, source, sourceStartFrame, sourceEndFrame);
        }

        arguments.AddRange(["-map", "0:v:0"]);
        if (carriesTracks)
        {
            // Every audio and subtitle track, in source order; '?' because either kind may be absent.
            arguments.AddRange(["-map", "1:a?", "-map", "1:s?", "-map_metadata", "1", "-c:a", "copy"]);

            // A stream copy starts at the packet where the input seek landed, which can be well before the cut
            // (MPEG program streams seek to any packet; MP4 to the video keyframe): drop audio from before it.
            arguments.AddRange(["-copypriorss:a", "0"]);
            for (var i = 0; i < subtitlePlan.Count; i++)
            {
                arguments.AddRange(["-c:s:" + i.ToString(CultureInfo.InvariantCulture), subtitlePlan[i]]);
            }
        }

        var colour = ColourCarry.From(source, settings.PixelFormat);
        arguments.AddRange(["-vf", VideoFilters(width, height, settings.PixelFormat, colour)]);
        AddEncoder(arguments, settings, partialPath);

        // The frames are already display-oriented (the reader applied the source's rotation), so the output gets
        // no rotation tag: the raw video input has none and nothing maps one from the source.
        // The source's exact rational rate, and passthrough so every written frame becomes one output frame.
        arguments.AddRange(["-r", rate, "-fps_mode", "passthrough"]);
        arguments.AddRange(colour.OutputFlags());
        if (IsMovFamily(partialPath))
        {
            arguments.AddRange(["-movflags", "+faststart"]);
        }

        arguments.Add(partialPath);
        return arguments;
    }

    /// <summary>
    /// The source as second input, cut to the time span of the frame range: input-side <c>-ss</c> at the first
    /// frame's time (counted from the file start, where audio may begin before the video) and <c>-t</c> for the
    /// range's length. Without a range the cut still starts at the first video frame so audio stays in sync with
    /// video that starts at zero.
    /// </summary>
    private static void AddTrimmedSource(List<string> arguments, VideoInfo source, int startFrame, int endFrame)
    {
        var secondsPerFrame = (double)source.FrameRate.Denominator / source.FrameRate.Numerator;
        var start = source.VideoStartOffset.TotalSeconds + (startFrame * secondsPerFrame);
        if (start > 0)
        {
            arguments.AddRange(["-ss", Seconds(start)]);
        }

        if (startFrame > 0 || endFrame < source.FrameCount)
        {
            arguments.AddRange(["-t", Seconds((endFrame - startFrame) * secondsPerFrame)]);
        }

        arguments.AddRange(["-i", source.Path]);
    }

    /// <summary>
    /// pad (odd sizes only, for chroma-subsampled formats: one black column/row at the right/bottom, because
    /// 4:2:0 needs even sizes), then the RGB→YUV conversion with the source's matrix and range (swscale would
    /// otherwise use BT.601 limited whatever the tags say), then the output pixel format.
    /// </summary>
    private static string VideoFilters(int width, int height, string pixelFormat, ColourCarry colour)
    {
        var filters = new List<string>();
        var (padWidth, padHeight) = SubsamplingOf(pixelFormat);
        var paddedWidth = padWidth && width % 2 == 1 ? width + 1 : width;
        var paddedHeight = padHeight && height % 2 == 1 ? height + 1 : height;
        if (paddedWidth != width || paddedHeight != height)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"pad={paddedWidth}:{paddedHeight}:0:0:black"));
        }

        var scale = new List<string>();
        if (colour.Matrix is not null && ScaleMatrices.TryGetValue(colour.Matrix, out var matrix))
        {
            scale.Add("out_color_matrix=" + matrix);
        }

        if (colour.Range is not null)
        {
            scale.Add("out_range=" + colour.Range);
        }

        if (scale.Count > 0)
        {
            filters.Add("scale=" + string.Join(':', scale));
        }

        filters.Add("format=" + pixelFormat);
        return string.Join(',', filters);
    }

    private static void AddEncoder(List<string> arguments, EncodeSettings settings, string partialPath)
    {
        arguments.AddRange(["-c:v", settings.Codec]);
        if (settings.IsX26x)
        {
            arguments.AddRange(["-crf", settings.Crf.ToString(CultureInfo.InvariantCulture), "-preset", settings.Preset]);
        }

        if (settings.Codec == "ffv1")
        {
            // Version 3 with every frame a keyframe: each frame decodes on its own, so a read can seek to any frame
            // exactly; slice CRCs let the decoder detect damage.
            arguments.AddRange(["-level", "3", "-g", "1", "-slicecrc", "1"]);
        }

        if (settings.Codec == "libx265")
        {
            arguments.AddRange(["-x265-params", "log-level=error"]);
            if (IsMovFamily(partialPath))
            {
                // The tag Apple players require for HEVC in MP4/MOV.
                arguments.AddRange(["-tag:v", "hvc1"]);
            }
        }

        arguments.AddRange(["-pix_fmt", settings.PixelFormat]);
    }

    /// <summary>Whether the format halves chroma horizontally and vertically (so odd widths/heights need padding).</summary>
    internal static (bool Horizontal, bool Vertical) SubsamplingOf(string pixelFormat)
    {
        if (pixelFormat.Contains("420", StringComparison.Ordinal) || pixelFormat is "nv12" or "nv21" or "p010le" or "p016le")
        {
            return (true, true);
        }

        return pixelFormat.Contains("422", StringComparison.Ordinal) || pixelFormat.Contains("411", StringComparison.Ordinal)
            ? (true, false)
            : (false, false);
    }

    internal static bool IsMovFamily(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".m4v" or ".mov";

    private static string Seconds(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);
}
