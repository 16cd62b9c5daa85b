using System.Diagnostics;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>Wall time spent in each pipeline stage, for the summary and the benchmarks.</summary>
public sealed class StageTimings
{
    public static readonly string[] Stages = ["depth", "normalize", "warp", "poly", "temporal", "de", "fusion", "pack"];

    private readonly Dictionary<string, long> _ticks = Stages.ToDictionary(s => s, _ => 0L);

    public T Measure<T>(string stage, Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            _ticks[stage] += Stopwatch.GetTimestamp() - start;
        }
    }

    public TimeSpan this[string stage] => Stopwatch.GetElapsedTime(0, _ticks[stage]);

    public IReadOnlyDictionary<string, TimeSpan> All => Stages.ToDictionary(s => s, s => this[s]);
}
