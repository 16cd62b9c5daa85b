using System.Diagnostics;
using System.Diagnostics.Metrics;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Workers;

namespace SpatialMe.Farm.Telemetry;

/// <summary>
/// The farm's metrics (docs/telemetry.md), on one <see cref="Meter"/> named <see cref="FarmTelemetry.SourceName"/>:
/// names in the OpenTelemetry convention (dotted, lower case, units set), recorded where the work happens — workers,
/// the stitcher, the film job, the coordinator, GPU slots and the media store — in whichever process that is.
/// </summary>
public static class FarmMetrics
{
    public const string PhaseAttribute = "spatialme.phase";
    public const string PriorityAttribute = "spatialme.priority";
    public const string OutcomeAttribute = "spatialme.outcome";
    public const string StoreAttribute = "spatialme.store";
    public const string StateAttribute = "spatialme.job.state";

    /// <summary>The window frames per second are measured over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private static readonly Meter Meter = new(FarmTelemetry.SourceName, FarmTelemetry.Version);

    private static readonly Counter<long> Frames = Meter.CreateCounter<long>(
        "spatialme.frames.rendered", "{frame}", "Frames computed, by silo and phase (depth, render, stitch).");

    // Buckets for units of a second (a test clip) to an hour (a long segment on a slow model), not the SDK's
    // millisecond-minded defaults.
    private static readonly Histogram<double> SegmentDuration = Meter.CreateHistogram<double>(
        "spatialme.segment.duration", "s", "Time a depth or render unit of one segment took once it held its GPU slot, by phase, silo and outcome.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600] });

    // Retries, failures and finished jobs are observed from counts that start at zero for every phase, outcome and
    // state, so a scrape shows a healthy farm's zeros instead of leaving the series out until the first failure.
    private static readonly Tally Retries = new(PhaseAttribute, ["depth", "render"], OutcomeAttribute, ["failed", "lost"]);
    private static readonly Tally Failures = new(PhaseAttribute, ["depth", "render"], OutcomeAttribute, ["failed", "lost"]);
    private static readonly Tally JobsFinished = new(StateAttribute, ["done", "failed", "cancelled"]);

    private static readonly Counter<long> BytesRead = Meter.CreateCounter<long>(
        "spatialme.media.read", "By", "Bytes of media-store objects handed to readers (depth, alignments, rendered views), by store kind.");

    private static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>(
        "spatialme.media.written", "By", "Bytes committed to the media store, by store kind.");

    private static readonly FrameRates Rates = new();
    private static readonly object QueueGate = new();
    private static Dictionary<int, long> _queue = [];
    private static readonly List<(GpuSlots Slots, string Silo)> SlotPools = [];

    static FarmMetrics()
    {
        Meter.CreateObservableCounter("spatialme.segment.retries", Retries.Observe, "{attempt}",
            "Segment attempts ordered again after a failure or a lost silo, by phase and outcome of the attempt before.");
        Meter.CreateObservableCounter("spatialme.segment.failures", Failures.Observe, "{attempt}",
            "Segment attempts that failed (the work threw) or were lost (their silo went away), by phase and outcome.");
        Meter.CreateObservableCounter("spatialme.jobs.finished", JobsFinished.Observe, "{job}",
            "Job runs that ended, by final state (done, failed, cancelled).");
        Meter.CreateObservableGauge("spatialme.frames.rate", Rates.Observe, "{frame}/s",
            $"Frames per second over the last {RateWindow.TotalSeconds:F0} s, by silo and phase.");
        Meter.CreateObservableGauge("spatialme.queue.depth", ObserveQueue, "{job}",
            "Jobs waiting in the coordinator's queue, by priority (observed where the coordinator is active).");
        Meter.CreateObservableGauge("spatialme.gpu.slots.busy", () => ObserveSlots(s => s.Busy), "{slot}",
            "GPU slots computing a depth or render unit now, by silo.");
        Meter.CreateObservableGauge("spatialme.gpu.slots.total", () => ObserveSlots(s => s.Total), "{slot}",
            "GPU slots a silo declared, by silo.");
    }

    /// <summary>
    /// Creates the instruments now (the type's first use does), so a silo that has not worked yet still shows its
    /// zero-started counters to a scrape; the hosts call it when they turn telemetry on.
    /// </summary>
    public static void Publish()
    {
        // Nothing to do: reaching this method has run the static constructor.
    }

    /// <summary>Counts <paramref name="frames"/> more frames of <paramref name="phase"/> done on <paramref name="silo"/>.</summary>
    public static void FramesDone(string silo, string phase, int frames)
    {
        if (frames <= 0)
        {
            return;
        }

        Frames.Add(frames, new TagList { { FarmTelemetry.SiloAttribute, silo }, { PhaseAttribute, phase } });
        Rates.Add(silo, phase, frames);
    }

    /// <summary>A progress callback that also counts each newly reported frame (progress reports frames done so far).</summary>
    public static Action<int> Counting(Action<int> progress, string silo, string phase)
    {
        var counted = 0;
        return done =>
        {
            FramesDone(silo, phase, done - Interlocked.Exchange(ref counted, done));
            progress(done);
        };
    }

    public static void SegmentFinished(string phase, string silo, bool succeeded, TimeSpan elapsed) =>
        SegmentDuration.Record(elapsed.TotalSeconds, new TagList
        {
            { PhaseAttribute, phase }, { FarmTelemetry.SiloAttribute, silo }, { OutcomeAttribute, succeeded ? "succeeded" : "failed" },
        });

    public static void SegmentFailed(string phase, string outcome) => Failures.Add(phase, outcome);

    public static void SegmentRetried(string phase, string outcome) => Retries.Add(phase, outcome);

    public static void JobFinished(JobState state) => JobsFinished.Add(state.ToString().ToLowerInvariant());

    public static void MediaRead(string store, long bytes) => BytesRead.Add(bytes, new KeyValuePair<string, object?>(StoreAttribute, store));

    public static void MediaWritten(string store, long bytes) => BytesWritten.Add(bytes, new KeyValuePair<string, object?>(StoreAttribute, store));

    /// <summary>
    /// The coordinator's queue as it stands: every job it knows, by priority, and whether it is queued. Each priority
    /// seen reports its queued count, 0 once drained, so an empty queue reads as empty rather than as its last count.
    /// </summary>
    public static void QueueChanged(IEnumerable<(int Priority, bool Queued)> jobs)
    {
        var counts = jobs.GroupBy(j => j.Priority).ToDictionary(g => g.Key, g => (long)g.Count(j => j.Queued));
        lock (QueueGate)
        {
            foreach (var seen in _queue.Keys.Where(p => !counts.ContainsKey(p)))
            {
                counts[seen] = 0;
            }

            _queue = counts;
        }
    }

    /// <summary>Starts reporting <paramref name="slots"/> as <paramref name="silo"/>'s; dispose the result to stop.</summary>
    public static IDisposable TrackSlots(GpuSlots slots, string silo)
    {
        lock (SlotPools)
        {
            SlotPools.Add((slots, silo));
        }

        return new Untrack(() =>
        {
            lock (SlotPools)
            {
                SlotPools.RemoveAll(x => ReferenceEquals(x.Slots, slots));
            }
        });
    }

    private static IEnumerable<Measurement<long>> ObserveQueue()
    {
        lock (QueueGate)
        {
            return _queue.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>(PriorityAttribute, kv.Key))).ToList();
        }
    }

    private static IEnumerable<Measurement<int>> ObserveSlots(Func<GpuSlots, int> value)
    {
        lock (SlotPools)
        {
            return SlotPools.Select(x => new Measurement<int>(value(x.Slots), new KeyValuePair<string, object?>(FarmTelemetry.SiloAttribute, x.Silo))).ToList();
        }
    }

    private sealed class Untrack(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }

    /// <summary>Counts by one or two attributes, every combination of the known values present from the start.</summary>
    private sealed class Tally
    {
        private readonly string _first;
        private readonly string? _second;
        private readonly Dictionary<(string, string), long> _counts = [];

        public Tally(string first, string[] firstValues, string? second = null, string[]? secondValues = null)
        {
            _first = first;
            _second = second;
            foreach (var a in firstValues)
            {
                foreach (var b in secondValues ?? [string.Empty])
                {
                    _counts[(a, b)] = 0;
                }
            }
        }

        public void Add(string first, string second = "")
        {
            lock (_counts)
            {
                _counts[(first, second)] = _counts.GetValueOrDefault((first, second)) + 1;
            }
        }

        public IEnumerable<Measurement<long>> Observe()
        {
            lock (_counts)
            {
                return _counts.Select(kv => _second is null
                    ? new Measurement<long>(kv.Value, new KeyValuePair<string, object?>(_first, kv.Key.Item1))
                    : new Measurement<long>(kv.Value, new KeyValuePair<string, object?>(_first, kv.Key.Item1), new KeyValuePair<string, object?>(_second, kv.Key.Item2)))
                    .ToList();
            }
        }
    }

    /// <summary>Frames per second per silo and phase over <see cref="RateWindow"/>, from the frames counted.</summary>
    private sealed class FrameRates
    {
        private readonly Dictionary<(string Silo, string Phase), Queue<(long Stamp, int Frames)>> _done = [];

        public void Add(string silo, string phase, int frames)
        {
            lock (_done)
            {
                if (!_done.TryGetValue((silo, phase), out var queue))
                {
                    _done[(silo, phase)] = queue = new Queue<(long, int)>();
                }

                queue.Enqueue((Stopwatch.GetTimestamp(), frames));
                Prune(queue);
            }
        }

        public IEnumerable<Measurement<double>> Observe()
        {
            lock (_done)
            {
                var result = new List<Measurement<double>>();
                foreach (var ((silo, phase), queue) in _done)
                {
                    Prune(queue);
                    result.Add(new Measurement<double>(
                        queue.Sum(x => x.Frames) / RateWindow.TotalSeconds,
                        new KeyValuePair<string, object?>(FarmTelemetry.SiloAttribute, silo),
                        new KeyValuePair<string, object?>(PhaseAttribute, phase)));
                }

                return result;
            }
        }

        private static void Prune(Queue<(long Stamp, int Frames)> queue)
        {
            while (queue.Count > 0 && Stopwatch.GetElapsedTime(queue.Peek().Stamp) > RateWindow)
            {
                queue.Dequeue();
            }
        }
    }
}
