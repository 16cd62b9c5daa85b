namespace SpatialMe.Farm.Cluster;

/// <summary>
/// The latest cluster samples, oldest first, for <paramref name="window"/> and never more than
/// <paramref name="capacity"/> of them (a bound that holds even if samples came faster than planned). Kept in memory
/// only: the history is for watching the farm, not for accounting, so it may start empty again when its grain moves
/// to another silo — a sample every few seconds is not worth a storage write.
/// </summary>
public sealed class ClusterHistory
{
    private readonly Queue<ClusterSample> _samples = new();
    private ClusterSample? _latest;

    public ClusterHistory(TimeSpan window, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Window = window;
        Capacity = capacity;
    }

    public TimeSpan Window { get; }

    public int Capacity { get; }

    public int Count => _samples.Count;

    /// <summary>
    /// Adds <paramref name="sample"/> and drops what is older than the window before it, or beyond the capacity. A
    /// sample stamped before the latest (the clock stepped back) is stamped with the latest's time instead, so the
    /// history's times never decrease.
    /// </summary>
    public void Add(ClusterSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (_latest is not null && sample.At < _latest.At)
        {
            sample = sample with { At = _latest.At };
        }

        _samples.Enqueue(sample);
        _latest = sample;
        while (_samples.Count > Capacity || _samples.Peek().At < sample.At - Window)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>The samples taken at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<ClusterSample> Since(DateTimeOffset since) => [.. _samples.Where(s => s.At >= since)];
}
