using System.Buffers.Binary;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Intermediates;

/// <summary>
/// Reads the planes of a depth-sequence file (<see cref="DepthSequenceFormat"/>) at random, by absolute frame number.
/// <see cref="Open"/> checks the header and the index against the file's length, so a foreign or truncated file is
/// refused at once, before any stage works from it; each read checks its own record. Not thread-safe: one reader per
/// thread.
/// </summary>
public sealed class DepthSequenceReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long[] _offsets;

    private DepthSequenceReader(string path, FileStream stream, int width, int height, int firstFrame, long[] offsets)
    {
        Path = path;
        _stream = stream;
        Width = width;
        Height = height;
        FirstFrame = firstFrame;
        _offsets = offsets;
    }

    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Absolute frame number of the first plane.</summary>
    public int FirstFrame { get; }

    public int Count => _offsets.Length - 1;

    /// <summary>
    /// Opens a depth sequence. Throws <see cref="MediaException"/> naming the path where the file is missing, is not a
    /// depth sequence, has another version, or is truncated or inconsistent.
    /// </summary>
    public static DepthSequenceReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new MediaException(path, Directory.Exists(path)
                ? $"depth sequence '{path}' is a folder"
                : $"depth sequence '{path}' does not exist");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(path, $"cannot read depth sequence '{path}': {e.Message}", e);
        }

        try
        {
            return ReadLayout(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The plane of absolute frame <paramref name="frame"/>, which must lie in [<see cref="FirstFrame"/>,
    /// <see cref="FirstFrame"/> + <see cref="Count"/>).
    /// </summary>
    public FloatPlane Read(int frame)
    {
        ObjectDisposedException.ThrowIf(!_stream.CanRead, this);
        if (frame < FirstFrame || frame - FirstFrame >= Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(frame), frame, $"Frame {frame} is not in '{Path}', which holds frames [{FirstFrame}, {FirstFrame + Count}).");
        }

        var i = frame - FirstFrame;
        var record = new byte[_offsets[i + 1] - _offsets[i]];
        try
        {
            _stream.Position = _offsets[i];
            _stream.ReadExactly(record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(Path, $"cannot read frame {frame} of depth sequence '{Path}': {e.Message}", e);
        }

        return DepthSequenceFormat.DecodeFrame(record, Width, Height)
            ?? throw new MediaException(Path, $"depth sequence '{Path}' is corrupt: frame {frame} does not decode to a {Width}x{Height} plane");
    }

    public void Dispose() => _stream.Dispose();

    private static DepthSequenceReader ReadLayout(string path, FileStream stream)
    {
        var length = stream.Length;
        var header = new byte[DepthSequenceFormat.HeaderBytes];
        var got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < DepthSequenceFormat.Magic.Length || !header.AsSpan(0, DepthSequenceFormat.Magic.Length).SequenceEqual(DepthSequenceFormat.Magic))
        {
            throw new MediaException(path, $"'{path}' is not a depth sequence: it does not start with SMDEPTH1");
        }

        if (got < header.Length)
        {
            throw new MediaException(path, $"depth sequence '{path}' is truncated: {length} bytes, shorter than its {header.Length}-byte header");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (version != DepthSequenceFormat.Version)
        {
            throw new MediaException(path, $"depth sequence '{path}' has format version {version}; this build reads version {DepthSequenceFormat.Version}");
        }

        var width = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var height = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        var firstFrame = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(DepthSequenceFormat.CountOffset));
        var indexOffset = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(28));
        if (width <= 0 || height <= 0 || (long)width * height > int.MaxValue / 2 || firstFrame < 0 || count <= 0
            || indexOffset < DepthSequenceFormat.HeaderBytes)
        {
            throw new MediaException(
                path, $"depth sequence '{path}' is corrupt: its header says {width}x{height}, first frame {firstFrame}, {count} frames, index at {indexOffset}");
        }

        var expected = indexOffset + (8L * count);
        if (length != expected)
        {
            throw new MediaException(path, length < expected
                ? $"depth sequence '{path}' is truncated: {length} bytes where its header promises {expected} ({count} frames)"
                : $"depth sequence '{path}' is corrupt: {length} bytes where its header promises {expected} ({count} frames)");
        }

        var index = new byte[8 * count];
        stream.Position = indexOffset;
        stream.ReadExactly(index);
        var offsets = new long[count + 1];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(index.AsSpan(8 * i));
        }

        offsets[count] = indexOffset;
        for (var i = 0; i < count; i++)
        {
            var low = i == 0 ? DepthSequenceFormat.HeaderBytes : offsets[i - 1] + DepthSequenceFormat.FrameHeaderBytes;
            if (offsets[i] < low || offsets[i + 1] - offsets[i] < DepthSequenceFormat.FrameHeaderBytes)
            {
                throw new MediaException(path, $"depth sequence '{path}' is corrupt: the index entry of frame {firstFrame + i} points outside the frame data");
            }
        }

        return new DepthSequenceReader(path, stream, width, height, firstFrame, offsets);
    }
}
