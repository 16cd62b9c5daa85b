namespace SpatialMe.Media;

/// <summary>
/// How the writer encodes video. <see cref="Crf"/> and <see cref="Preset"/> are passed to x264/x265 (libx264,
/// libx264rgb, libx265) only; other encoders use their own defaults, except that FFV1 is always written as version 3
/// with every frame a keyframe and slice CRCs, so any frame of a lossless intermediate decodes on its own.
/// </summary>
public sealed record EncodeSettings
{
    private static readonly string[] X26xPresets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    /// <summary>H.264 at visually near-lossless quality in yuv420p, which every player accepts.</summary>
    public static EncodeSettings Default { get; } = new();

    /// <summary>ffmpeg encoder name, e.g. "libx264", "libx265".</summary>
    public string Codec { get; init; } = "libx264";

    /// <summary>Constant rate factor, 0 (lossless) to 51 (worst).</summary>
    public int Crf { get; init; } = 18;

    public string Preset { get; init; } = "medium";

    /// <summary>Output pixel format, e.g. "yuv420p"; chroma-subsampled formats make the writer pad odd sizes.</summary>
    public string PixelFormat { get; init; } = "yuv420p";

    /// <summary>True for the encoders that take <see cref="Crf"/> and <see cref="Preset"/>.</summary>
    public bool IsX26x => Codec is "libx264" or "libx264rgb" or "libx265";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Codec) || Codec.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Codec must be one ffmpeg encoder name, got '{Codec}'.", nameof(Codec));
        }

        if (string.IsNullOrWhiteSpace(PixelFormat) || PixelFormat.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"PixelFormat must be one ffmpeg pixel format name, got '{PixelFormat}'.", nameof(PixelFormat));
        }

        if (Crf is < 0 or > 51)
        {
            throw new ArgumentException($"Crf must be between 0 and 51, got {Crf}.", nameof(Crf));
        }

        if (IsX26x && !X26xPresets.Contains(Preset))
        {
            throw new ArgumentException(
                $"Preset '{Preset}' is not an x264/x265 preset; use one of {string.Join(", ", X26xPresets)}.", nameof(Preset));
        }
    }
}
