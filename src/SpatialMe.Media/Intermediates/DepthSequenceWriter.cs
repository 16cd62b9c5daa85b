using System.Buffers.Binary;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Intermediates;

/// <summary>
/// Writes a segment's raw depth planes to a depth-sequence file (<see cref="DepthSequenceFormat"/>) for the later
/// farm stages. The planes go to a temporary sibling (<c>name.partial-xxxx.ext</c>) that becomes the output only on
/// <see cref="Complete"/>, so a crashed or cancelled depth job never leaves a file that looks finished; disposing
/// without completing deletes it. Not thread-safe: one producer appends frames in order.
/// </summary>
public sealed class DepthSequenceWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _partialPath;
    private readonly List<long> _offsets = [];
    private State _state = State.Running;

    private DepthSequenceWriter(string path, string partialPath, FileStream stream, int width, int height, int firstFrame)
    {
        OutputPath = path;
        _partialPath = partialPath;
        _stream = stream;
        Width = width;
        Height = height;
        FirstFrame = firstFrame;
    }

    private enum State
    {
        Running,
        Completed,
        Abandoned,
    }

    public string OutputPath { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Absolute frame number (in the source video) of the first plane.</summary>
    public int FirstFrame { get; }

    /// <summary>Planes appended so far.</summary>
    public int Count => _offsets.Count;

    /// <summary>
    /// Starts a sequence of <paramref name="width"/>×<paramref name="height"/> planes whose first is source frame
    /// <paramref name="firstFrame"/>. Fails here, with a <see cref="MediaException"/> naming the path, where the
    /// folder is missing or cannot be written.
    /// </summary>
    public static DepthSequenceWriter Create(string path, int width, int height, int firstFrame)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        _ = checked(width * height * 2);

        var partialPath = VideoWriter.ReservePartialFile(path);
        FileStream? stream = null;
        try
        {
            stream = new FileStream(partialPath, FileMode.Truncate, FileAccess.Write, FileShare.None);
            stream.Write(DepthSequenceFormat.Header(width, height, firstFrame, 0, 0));
            return new DepthSequenceWriter(path, partialPath, stream, width, height, firstFrame);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            VideoWriter.TryDelete(partialPath);
            throw new MediaException(path, $"cannot write depth sequence '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Quantises, compresses and writes the next plane (exactly <see cref="Width"/>×<see cref="Height"/>). It reads
    /// back within (max − min) / 65535 / 2 of each value, max and min being the plane's finite extremes; NaN and ±∞
    /// read back as min.
    /// </summary>
    public void Append(FloatPlane depth)
    {
        ArgumentNullException.ThrowIfNull(depth);
        EnsureRunning();
        if (depth.Width != Width || depth.Height != Height)
        {
            throw new ArgumentException($"The plane is {depth.Width}x{depth.Height} but '{OutputPath}' holds {Width}x{Height} planes.", nameof(depth));
        }

        var record = DepthSequenceFormat.EncodeFrame(depth);
        var offset = _stream.Position;
        Write(record);
        _offsets.Add(offset);
    }

    /// <summary>
    /// Writes the index, fills in the header, flushes the file to disk and only then moves it to
    /// <see cref="OutputPath"/> (replacing any file there, as a retried job must).
    /// </summary>
    public void Complete()
    {
        EnsureRunning();
        if (_offsets.Count == 0)
        {
            throw new InvalidOperationException($"No planes were appended to '{OutputPath}'.");
        }

        var indexOffset = _stream.Position;
        var index = new byte[8 * _offsets.Count];
        for (var i = 0; i < _offsets.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(8 * i), _offsets[i]);
        }

        Write(index);
        try
        {
            _stream.Position = 0;
            _stream.Write(DepthSequenceFormat.Header(Width, Height, FirstFrame, _offsets.Count, indexOffset));
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_partialPath, OutputPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Abandon();
            throw new MediaException(OutputPath, $"cannot write depth sequence '{OutputPath}': {e.Message}", e);
        }

        _state = State.Completed;
    }

    /// <summary>Without a completed run this abandons the file: the partial file is deleted.</summary>
    public void Dispose()
    {
        if (_state == State.Running)
        {
            Abandon();
        }
    }

    private void Write(byte[] bytes)
    {
        try
        {
            _stream.Write(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Abandon();
            throw new MediaException(OutputPath, $"cannot write depth sequence '{OutputPath}' after {_offsets.Count} planes: {e.Message}", e);
        }
    }

    private void EnsureRunning()
    {
        if (_state != State.Running)
        {
            throw new InvalidOperationException($"The depth sequence writer for '{OutputPath}' is {_state.ToString().ToLowerInvariant()}.");
        }
    }

    private void Abandon()
    {
        _state = State.Abandoned;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Flushing the rest failed (a full disk); the file is deleted next anyway.
        }

        VideoWriter.TryDelete(_partialPath);
    }
}
