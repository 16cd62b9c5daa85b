using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Intermediates;

/// <summary>
/// Stores a segment's rendered frames losslessly, for the stitcher to blend and pack on another machine: FFV1 version 3
/// in Matroska, every frame a keyframe (<c>-g 1</c>) so a read may start at any frame, with slice CRCs. The RGB bytes
/// come back exactly through <see cref="VideoProbe.ProbeAsync"/> and <see cref="FrameReader.ReadAsync"/>.
/// <para>
/// The pixel format is bgr0: FFV1 codes 8-bit RGB through its reversible colour transform in that format (the
/// ffmpeg 5.1 encoder has no 8-bit gbrp), so RGB → bgr0 → RGB is a reordering of bytes, lossless both ways. The file
/// carries no audio, subtitles or colour tags, so nothing is muxed, converted or tagged.
/// </para>
/// Built on <see cref="VideoWriter"/>, so it is as atomic: the file appears under its name only on
/// <see cref="CompleteAsync"/>, and disposing without completing kills ffmpeg and deletes the partial file.
/// </summary>
public sealed class ViewSequenceWriter : IAsyncDisposable
{
    /// <summary>FFV1 in RGB; <see cref="EncodeCommand"/> adds level 3, intra-only and slice CRCs for this codec.</summary>
    public static EncodeSettings Lossless { get; } = new() { Codec = "ffv1", PixelFormat = "bgr0" };

    private readonly VideoWriter _writer;

    private ViewSequenceWriter(VideoWriter writer) => _writer = writer;

    public string OutputPath => _writer.OutputPath;

    public int Width => _writer.Width;

    public int Height => _writer.Height;

    public int FramesWritten => _writer.FramesWritten;

    /// <summary>
    /// Starts ffmpeg for <paramref name="width"/>×<paramref name="height"/> frames at <paramref name="frameRate"/>
    /// into <paramref name="path"/>, which must end in .mkv (Matroska holds FFV1 and seeks by its cues). Fails fast
    /// where the folder is missing or cannot be written.
    /// </summary>
    public static async Task<ViewSequenceWriter> StartAsync(string path, int width, int height, Rational frameRate, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!string.Equals(System.IO.Path.GetExtension(path), ".mkv", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A view sequence is Matroska: its path must end in .mkv, got '{path}'.", nameof(path));
        }

        if (!frameRate.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive fraction.");
        }

        // The stream being written, described as a source: no tracks to carry, no colour to convert or tag. The
        // writer looks at the frame range only to cut carried tracks, so it is left open-ended.
        var described = new VideoInfo
        {
            Path = path,
            Width = width,
            Height = height,
            FrameRate = frameRate,
            FrameCount = int.MaxValue,
            Duration = TimeSpan.Zero,
            CodecName = "rawvideo",
            PixelFormat = "rgb24",
            TimeBase = new Rational(frameRate.Denominator, frameRate.Numerator),
        };
        var writer = await VideoWriter.StartAsync(path, width, height, described, 0, int.MaxValue, Lossless, ct).ConfigureAwait(false);
        return new ViewSequenceWriter(writer);
    }

    /// <summary>Sends one frame (exactly <see cref="Width"/>×<see cref="Height"/>) to the encoder.</summary>
    public Task WriteAsync(RgbImage frame, CancellationToken ct) => _writer.WriteAsync(frame, ct);

    /// <summary>Finishes the file and moves it to <see cref="OutputPath"/> (replacing any file there).</summary>
    public Task CompleteAsync(CancellationToken ct) => _writer.CompleteAsync(ct);

    /// <summary>Without a completed run this aborts: ffmpeg is killed and the partial file deleted.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
