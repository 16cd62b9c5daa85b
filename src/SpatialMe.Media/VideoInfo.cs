namespace SpatialMe.Media;

/// <summary>
/// What <see cref="VideoProbe"/> learnt about a video file: everything the reader needs to decode it frame-exactly
/// and the writer needs to carry its timing, colour and other tracks over to the output.
/// </summary>
public sealed record VideoInfo
{
    public required string Path { get; init; }

    /// <summary>Width as displayed, i.e. after the rotation the container asks for (decoded frames have this size).</summary>
    public required int Width { get; init; }

    /// <summary>Height as displayed, i.e. after rotation.</summary>
    public required int Height { get; init; }

    /// <summary>Nominal frame rate as an exact fraction (e.g. 30000/1001).</summary>
    public required Rational FrameRate { get; init; }

    /// <summary>Exact number of frames a full decode yields.</summary>
    public required int FrameCount { get; init; }

    public required TimeSpan Duration { get; init; }

    public required string CodecName { get; init; }

    public required string PixelFormat { get; init; }

    /// <summary>"tv" (limited) or "pc" (full); null where the file does not say.</summary>
    public string? ColorRange { get; init; }

    /// <summary>Matrix coefficients, e.g. "bt709"; null where unknown.</summary>
    public string? ColorSpace { get; init; }

    /// <summary>Transfer characteristics, e.g. "bt709"; null where unknown.</summary>
    public string? ColorTransfer { get; init; }

    /// <summary>Colour primaries, e.g. "bt709"; null where unknown.</summary>
    public string? ColorPrimaries { get; init; }

    /// <summary>Clockwise rotation in degrees (0, 90, 180 or 270) a player applies to the coded picture.</summary>
    public int Rotation { get; init; }

    public int AudioStreamCount { get; init; }

    public int SubtitleStreamCount { get; init; }

    /// <summary>Codec name of each subtitle track in file order; the writer decides from these how to carry them over.</summary>
    public IReadOnlyList<string> SubtitleCodecs { get; init; } = [];

    /// <summary>Time base of the video stream's timestamps.</summary>
    public required Rational TimeBase { get; init; }

    /// <summary>Index of the video stream among all the file's streams (not an attached cover picture).</summary>
    public int StreamIndex { get; init; }

    /// <summary>
    /// Time of the first video frame after the start of the file (ffmpeg's <c>-ss</c> counts from the file start,
    /// and audio may begin before the video): used to turn a frame number into a seek time.
    /// </summary>
    public TimeSpan VideoStartOffset { get; init; }

    /// <summary>
    /// Timestamp of the first video frame exactly as the container stamps it (ffprobe's start_time; an MPEG
    /// program stream typically starts near 0.5 s). Frame n is stamped about StreamStartTime + n / FrameRate.
    /// </summary>
    public TimeSpan StreamStartTime { get; init; }

    public double FramesPerSecond => FrameRate.Value;
}
