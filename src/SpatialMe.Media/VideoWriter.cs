using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media;

/// <summary>
/// Push-style video encoder for the pipeline: <see cref="StartAsync"/>, then <see cref="WriteAsync"/> per frame,
/// then <see cref="CompleteAsync"/>. ffmpeg writes to a temporary sibling file (<c>name.partial-xxxx.ext</c>) that
/// becomes the output only after ffmpeg succeeded, so a failed or abandoned run never leaves a half-written file
/// under the final name. Disposing without completing aborts: ffmpeg is killed and the partial file deleted.
/// Not thread-safe: one producer writes frames in order.
/// </summary>
/// <remarks>ffmpeg is driven directly (see <see cref="FFmpegProcess"/> for why not through FFMpegCore).</remarks>
public sealed class VideoWriter : IAsyncDisposable
{
    private readonly FFmpegProcess ffmpeg;
    private readonly string partialPath;
    private readonly int frameBytes;
    private State state = State.Running;

    private VideoWriter(string outputPath, string partialPath, int width, int height, FFmpegProcess ffmpeg)
    {
        OutputPath = outputPath;
        this.partialPath = partialPath;
        Width = width;
        Height = height;
        frameBytes = width * height * 3;
        this.ffmpeg = ffmpeg;
    }

    private enum State
    {
        Running,
        Completed,
        Failed,
    }

    public string OutputPath { get; }

    public int Width { get; }

    public int Height { get; }

    public int FramesWritten { get; private set; }

    /// <summary>
    /// Starts ffmpeg for an output of <paramref name="width"/>×<paramref name="height"/> frames at the source's exact
    /// frame rate, carrying over every audio and subtitle track of <paramref name="source"/> cut to the time span of
    /// source frames <paramref name="sourceStartFrame"/> .. <paramref name="sourceEndFrame"/> - 1, and its colour
    /// metadata. Fails fast, before any encoding, where the output cannot be written or cannot hold the source's
    /// subtitle tracks. For chroma-subsampled pixel formats (yuv420p) an odd width or height is padded with one
    /// black column or row to even, so such an output is one pixel wider or taller than the frames written.
    /// The token covers the start only; each later call takes its own.
    /// </summary>
    public static Task<VideoWriter> StartAsync(
        string outputPath,
        int width,
        int height,
        VideoInfo source,
        int sourceStartFrame,
        int sourceEndFrame,
        EncodeSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(sourceStartFrame);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourceEndFrame, source.FrameCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sourceStartFrame, sourceEndFrame);
        settings.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        if (source.AudioStreamCount + source.SubtitleStreamCount > 0)
        {
            VideoProbe.RequireInputFile(source.Path);
        }

        var subtitlePlan = SubtitleCarry.Plan(outputPath, source.SubtitleCodecs);
        var partialPath = ReservePartialFile(outputPath);
        try
        {
            var arguments = EncodeCommand.Build(partialPath, width, height, source, sourceStartFrame, sourceEndFrame, settings, subtitlePlan);
            var ffmpeg = FFmpegProcess.Start(FFmpegTools.FFmpegPath, arguments, redirectInput: true, redirectOutput: false);
            return Task.FromResult(new VideoWriter(outputPath, partialPath, width, height, ffmpeg));
        }
        catch
        {
            TryDelete(partialPath);
            throw;
        }
    }

    /// <summary>Sends one frame (exactly <see cref="Width"/>×<see cref="Height"/>) to the encoder.</summary>
    public async Task WriteAsync(RgbImage frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureRunning();
        if (frame.Width != Width || frame.Height != Height)
        {
            throw new ArgumentException($"Frame is {frame.Width}x{frame.Height} but '{OutputPath}' was started for {Width}x{Height}.", nameof(frame));
        }

        try
        {
            await ffmpeg.StandardInput.WriteAsync(frame.Pixels.AsMemory(0, frameBytes), cancellationToken).ConfigureAwait(false);
            FramesWritten++;
        }
        catch (OperationCanceledException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch (IOException e)
        {
            // A broken pipe: ffmpeg has stopped; its own message says why.
            await ffmpeg.TryWaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            throw await FailAsync($"ffmpeg stopped after {FramesWritten} frames", e).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the input, waits for ffmpeg to finish the file and only then moves it to <see cref="OutputPath"/>
    /// (replacing any file there).
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        EnsureRunning();
        if (FramesWritten == 0)
        {
            throw await FailAsync("no frames were written", null).ConfigureAwait(false);
        }

        try
        {
            ffmpeg.CloseInput();
            await ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
        catch (IOException e)
        {
            await ffmpeg.TryWaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            throw await FailAsync("ffmpeg stopped before the end", e).ConfigureAwait(false);
        }

        if (ffmpeg.ExitCode != 0)
        {
            throw await FailAsync($"ffmpeg exited with code {ffmpeg.ExitCode}", null).ConfigureAwait(false);
        }

        try
        {
            File.Move(partialPath, OutputPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw await FailAsync("the finished file could not be renamed from '" + partialPath + "'", e).ConfigureAwait(false);
        }

        state = State.Completed;
        await ffmpeg.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Without a completed run this aborts: ffmpeg is killed and the partial file deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (state == State.Running)
        {
            await AbortAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the partial file up front: a missing or read-only folder then fails here, with the OS's reason,
    /// before ffmpeg starts. ffmpeg overwrites the empty file (<c>-y</c>).
    /// </summary>
    internal static string ReservePartialFile(string outputPath)
    {
        var fullPath = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new MediaException(outputPath, $"cannot write output '{outputPath}': folder '{folder}' does not exist");
        }

        if (Directory.Exists(fullPath))
        {
            throw new MediaException(outputPath, $"cannot write output '{outputPath}': it is a folder");
        }

        var partialPath = Path.Combine(
            folder,
            $"{Path.GetFileNameWithoutExtension(fullPath)}.partial-{Guid.NewGuid().ToString("N")[..8]}{Path.GetExtension(fullPath)}");
        try
        {
            using (new FileStream(partialPath, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(outputPath, $"cannot write output '{outputPath}': {e.Message}", e);
        }

        return partialPath;
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the name marks it as partial.
        }
    }

    private void EnsureRunning()
    {
        if (state != State.Running)
        {
            throw new InvalidOperationException($"The writer for '{OutputPath}' is {state.ToString().ToLowerInvariant()}.");
        }
    }

    private async Task<MediaException> FailAsync(string what, Exception? inner)
    {
        var reason = ffmpeg.ErrorSummary();
        await AbortAsync().ConfigureAwait(false);
        var message = $"cannot write output '{OutputPath}': {what}" + (reason.Length > 0 ? $": {reason}" : string.Empty);
        return inner is null ? new MediaException(OutputPath, message) : new MediaException(OutputPath, message, inner);
    }

    private async Task AbortAsync()
    {
        state = State.Failed;
        await ffmpeg.DisposeAsync().ConfigureAwait(false);
        TryDelete(partialPath);
    }
}
