using System.Diagnostics;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// One unit of long work run off a grain's turn (the Orleans rule: never hold the scheduler or a call open for
/// minutes): started once, observed by polling, cancelled cooperatively. Thread-safe: the work updates progress from
/// a pool thread while polls read it on the grain's scheduler.
/// </summary>
public sealed class BackgroundWork
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = new();
    /// <summary>What a handed-back work reports as its error.</summary>
    public const string HandedBackError = "handed back: its silo is shutting down";

    private CancellationTokenSource? _cancel;
    private WorkState _state = WorkState.Idle;
    private int _done;
    private int _total;
    private string? _error;
    private bool _reused;

    /// <summary>
    /// Starts <paramref name="body"/> on the thread pool unless work is running or done already (a repeated start is a
    /// no-op). The body reports frames done and returns whether it reused committed output.
    /// </summary>
    public void Start(int total, CancellationToken stopping, Func<Action<int>, CancellationToken, Task<bool>> body)
    {
        lock (_gate)
        {
            if (_state is WorkState.Running or WorkState.Succeeded)
            {
                return;
            }

            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _state = WorkState.Running;
            _total = total;
            _done = 0;
            _error = null;
            _clock.Restart();
        }

        var token = _cancel.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                var reused = await body(n => Volatile.Write(ref _done, n), token);
                Finish(WorkState.Succeeded, null, reused);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Whatever the work threw once its silo began to stop (a cancelled wait, a killed ffmpeg) is the stop.
                Finish(WorkState.HandedBack, HandedBackError, false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                Finish(WorkState.Failed, "cancelled", false);
            }
            catch (Exception e)
            {
                Finish(WorkState.Failed, Describe(e), false);
            }
        });
    }

    /// <summary>Restarts the work's clock (called once the work holds its GPU slot, so waiting is not counted).</summary>
    public void RestartClock()
    {
        lock (_gate)
        {
            _clock.Restart();
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _cancel?.Cancel();
        }
    }

    public WorkProgress Progress(string silo, string? model = null)
    {
        lock (_gate)
        {
            return new WorkProgress
            {
                State = _state,
                FramesDone = Volatile.Read(ref _done),
                FramesTotal = _total,
                Silo = silo,
                Error = _error,
                Elapsed = _clock.Elapsed,
                Reused = _reused,
                Model = model,
            };
        }
    }

    /// <summary>The message of an exception and of the causes under it, without stack traces.</summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
            {
                parts.Add(x.Message);
            }
        }

        return string.Join(": ", parts);
    }

    private void Finish(WorkState state, string? error, bool reused)
    {
        lock (_gate)
        {
            _clock.Stop();
            _state = state;
            _error = error;
            _reused = reused;
        }
    }
}
