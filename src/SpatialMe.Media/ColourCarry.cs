namespace SpatialMe.Media;

/// <summary>
/// Which of the source's colour properties the output takes over. Matrix and range describe a YUV encoding, so
/// they are carried only from a YUV source into a YUV output (an RGB source's "gbr"/"pc" would be wrong on YUV);
/// transfer and primaries describe the colours themselves and are always carried where known.
/// </summary>
internal sealed record ColourCarry(string? Range, string? Matrix, string? Transfer, string? Primaries)
{
    public static ColourCarry From(VideoInfo source, string outputPixelFormat)
    {
        var sourceIsRgb = source.ColorSpace is "gbr" or "rgb";
        var outputIsYuv = outputPixelFormat.StartsWith("yuv", StringComparison.Ordinal)
            || outputPixelFormat.StartsWith("nv", StringComparison.Ordinal)
            || outputPixelFormat.StartsWith("p01", StringComparison.Ordinal);
        var carryEncoding = outputIsYuv && !sourceIsRgb;
        return new ColourCarry(
            carryEncoding ? source.ColorRange : null,
            carryEncoding ? source.ColorSpace : null,
            source.ColorTransfer,
            source.ColorPrimaries);
    }

    /// <summary>ffmpeg output options that tag the stream (the conversion itself is done by the scale filter).</summary>
    public IEnumerable<string> OutputFlags()
    {
        if (Range is not null)
        {
            yield return "-color_range";
            yield return Range;
        }

        if (Matrix is not null)
        {
            yield return "-colorspace";
            yield return Matrix;
        }

        if (Transfer is not null)
        {
            yield return "-color_trc";
            yield return Transfer;
        }

        if (Primaries is not null)
        {
            yield return "-color_primaries";
            yield return Primaries;
        }
    }
}
