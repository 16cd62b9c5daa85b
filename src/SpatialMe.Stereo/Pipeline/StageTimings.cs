using System.Diagnostics;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// Wall time spent in each pipeline stage, for the summary and the benchmarks; and, per stage, the window from its
/// first call to the end of its last (<see cref="Windows"/>), from which the farm draws its stage spans without this
/// code knowing of tracing. Stages outside <see cref="Stages"/> (a caller's decode, encode, upload) are measured too.
/// Not thread-safe: one unit of work measures its stages from one flow at a time.
/// </summary>
public sealed class StageTimings
{
    public static readonly string[] Stages = ["depth", "normalize", "warp", "poly", "temporal", "de", "fusion", "pack"];

    private readonly Dictionary<string, Stage> _stages = Stages.ToDictionary(s => s, _ => new Stage());

    // One reading of both clocks: monotonic timestamps become wall-clock times without drift between calls.
    private readonly DateTimeOffset _originTime = DateTimeOffset.UtcNow;
    private readonly long _originStamp = Stopwatch.GetTimestamp();

    public T Measure<T>(string stage, Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Add(stage, start, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Measures asynchronous work (reading a frame, writing one, an upload) as <see cref="Measure{T}"/> does.</summary>
    public async Task<T> MeasureAsync<T>(string stage, Func<Task<T>> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Add(stage, start, Stopwatch.GetTimestamp());
        }
    }

    /// <inheritdoc cref="MeasureAsync{T}(string, Func{Task{T}})"/>
    public async Task MeasureAsync(string stage, Func<Task> work) =>
        await MeasureAsync(stage, async () =>
        {
            await work();
            return true;
        });

    public TimeSpan this[string stage] => _stages.TryGetValue(stage, out var s) ? Stopwatch.GetElapsedTime(0, s.Ticks) : TimeSpan.Zero;

    public IReadOnlyDictionary<string, TimeSpan> All => Stages.ToDictionary(s => s, s => this[s]);

    /// <summary>Every stage that ran, in order of its first call: its window (wall clock), busy time and call count.</summary>
    public IReadOnlyList<StageWindow> Windows => _stages
        .Where(kv => kv.Value.Calls > 0)
        .OrderBy(kv => kv.Value.First)
        .Select(kv => new StageWindow(kv.Key, At(kv.Value.First), At(kv.Value.Last), Stopwatch.GetElapsedTime(0, kv.Value.Ticks), kv.Value.Calls))
        .ToList();

    private DateTimeOffset At(long stamp) => _originTime + Stopwatch.GetElapsedTime(_originStamp, stamp);

    private void Add(string stage, long start, long end)
    {
        if (!_stages.TryGetValue(stage, out var s))
        {
            _stages[stage] = s = new Stage();
        }

        s.Ticks += end - start;
        s.First = s.Calls == 0 ? start : Math.Min(s.First, start);
        s.Last = Math.Max(s.Last, end);
        s.Calls++;
    }

    private sealed class Stage
    {
        public long Ticks;
        public long First;
        public long Last;
        public int Calls;
    }
}

/// <summary>One stage of a unit of work: from the start of its first call to the end of its last, and the time inside it.</summary>
public sealed record StageWindow(string Stage, DateTimeOffset Start, DateTimeOffset End, TimeSpan Busy, int Calls);
