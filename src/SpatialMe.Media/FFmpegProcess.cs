using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SpatialMe.Media;

/// <summary>
/// One ffmpeg or ffprobe process started with <see cref="ProcessStartInfo.ArgumentList"/> (never a shell, so file
/// names need no quoting). Its standard error is drained in the background, keeping the first and last lines for
/// error messages. Disposing kills the process if it is still running.
/// </summary>
/// <remarks>
/// The streaming reader and the push-style writer drive ffmpeg through this rather than through FFMpegCore:
/// they need raw pull access to stdout and raw push access to stdin frame by frame, an immediate kill when the
/// consumer stops or cancels, and ffmpeg's exit code and error text for the messages. FFMpegCore's pipe sources
/// and sinks are callback-driven over temporary Unix sockets, which would need an extra thread and queue per
/// stream to bridge to <see cref="IAsyncEnumerable{T}"/> and to a push-style writer.
/// </remarks>
internal sealed partial class FFmpegProcess : IAsyncDisposable
{
    private const int KeptFirstLines = 5;
    private const int KeptLastLines = 20;

    private readonly Process process;
    private readonly List<string> firstLines = [];
    private readonly Queue<string> lastLines = new();
    private readonly Lock logGate = new();
    private readonly Action<string>? informationObserver;
    private int lineCount;

    private FFmpegProcess(Process process, Action<string>? informationObserver)
    {
        this.process = process;
        this.informationObserver = informationObserver;
    }

    public Stream StandardInput => process.StandardInput.BaseStream;

    public Stream StandardOutput => process.StandardOutput.BaseStream;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <param name="informationObserver">
    /// Where given, ffmpeg must run with <c>-loglevel level+info</c> (each line tagged with its level): lines at
    /// info level or below go to the observer (e.g. showinfo's frame timestamps) and only error lines are kept
    /// for messages. Without it every line is kept, so ffmpeg should run with <c>-loglevel error</c>.
    /// </param>
    public static FFmpegProcess Start(
        string executable, IReadOnlyList<string> arguments, bool redirectInput, bool redirectOutput, Action<string>? informationObserver = null)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var wrapper = new FFmpegProcess(process, informationObserver);
        process.ErrorDataReceived += (_, e) => wrapper.Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new MediaException(executable, $"cannot start '{executable}': {e.Message}", e);
        }

        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs a process to the end and returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        await using var run = Start(executable, arguments, redirectInput: false, redirectOutput: true);
        using var reader = new StreamReader(run.StandardOutput, Encoding.UTF8);
        var output = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await run.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (run.ExitCode, output, run.ErrorSummary());
    }

    /// <summary>Closes ffmpeg's stdin, which tells it the input has ended.</summary>
    public void CloseInput() => process.StandardInput.Close();

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the process to end by itself; true if it did.</summary>
    public async Task<bool> TryWaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Same race, reported by the OS.
        }
    }

    /// <summary>
    /// ffmpeg's error output in one line: the first line (usually the cause) and, where there were more, the last
    /// one (usually the consequence). Empty where ffmpeg said nothing.
    /// </summary>
    public string ErrorSummary()
    {
        lock (logGate)
        {
            if (firstLines.Count == 0)
            {
                return string.Empty;
            }

            var first = firstLines[0];
            var last = lastLines.Count > 0 ? lastLines.Last() : first;
            return lineCount > 1 && last != first ? $"{first} … {last}" : first;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (!await TryWaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            Kill();
        }

        try
        {
            process.Dispose();
        }
        catch (IOException)
        {
            // Closing a stdin pipe whose reader died can report the broken pipe; the process is gone either way.
        }
    }

    private void Keep(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        line = line.Trim();
        if (informationObserver is not null)
        {
            var level = LevelTag().Match(line);
            if (level.Success && level.Groups[1].Value is not ("error" or "fatal" or "panic"))
            {
                informationObserver(line);
                return;
            }

            if (level.Success)
            {
                line = line.Remove(level.Index, level.Length).Trim();
            }
        }

        lock (logGate)
        {
            lineCount++;
            if (firstLines.Count < KeptFirstLines)
            {
                firstLines.Add(line);
            }

            lastLines.Enqueue(line);
            if (lastLines.Count > KeptLastLines)
            {
                lastLines.Dequeue();
            }
        }
    }

    [GeneratedRegex(@"\[(panic|fatal|error|warning|info|verbose|debug|trace)\] ?")]
    private static partial Regex LevelTag();
}
