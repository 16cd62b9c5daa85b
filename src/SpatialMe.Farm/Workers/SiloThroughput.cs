using System.Runtime.CompilerServices;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// The frames this silo's workers computed, per phase, over a sliding window: the silo's recent frames/s for
/// <c>GET /api/v1/silos</c> (reported through <see cref="Hosting.SiloReporter"/>). Thread-safe: workers count from
/// pool threads.
/// </summary>
public sealed class SiloThroughput(TimeProvider time)
{
    /// <summary>How far back "recent" frames/s looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Queue<(DateTimeOffset At, WorkPhase Phase, int Frames)> _recent = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _rendered;

    public SiloThroughput()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Output frames rendered since the silo started.</summary>
    public long Rendered => Interlocked.Read(ref _rendered);

    public void Add(WorkPhase phase, int frames)
    {
        if (frames <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Enqueue((time.GetUtcNow(), phase, frames));
        }

        if (phase == WorkPhase.Render)
        {
            Interlocked.Add(ref _rendered, frames);
        }
    }

    /// <summary>Frames of <paramref name="phase"/> per second over the window (or since the silo started, if sooner).</summary>
    public double PerSecond(WorkPhase phase)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_recent.Count > 0 && now - _recent.Peek().At > Window)
            {
                _recent.Dequeue();
            }

            var frames = _recent.Where(x => x.Phase == phase).Sum(x => x.Frames);
            var seconds = Math.Min(Window.TotalSeconds, Math.Max(1, (now - _started).TotalSeconds));
            return frames / seconds;
        }
    }

    /// <summary>
    /// <paramref name="progress"/> (a worker's frames-done callback, a running count) that also counts the frames
    /// here as they complete.
    /// </summary>
    public Action<int> Metered(WorkPhase phase, Action<int> progress)
    {
        var last = new StrongBox<int>(0);
        return done =>
        {
            var before = Interlocked.Exchange(ref last.Value, done);
            Add(phase, done - before);
            progress(done);
        };
    }
}
