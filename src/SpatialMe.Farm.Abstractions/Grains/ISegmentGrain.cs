using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One segment (key: <c>{job}/{index}</c>): runs the attempts its film job orders on a GPU worker, watches them, and
/// remembers what is committed. Idempotent: an order for committed work reports success without running it.
/// </summary>
public interface ISegmentGrain : IGrainWithStringKey
{
    /// <summary>Starts the ordered attempt unless it (or the phase's output) already exists; returns at once.</summary>
    Task<SegmentReport> RunAsync(WorkOrder order, CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task<SegmentReport> GetReportAsync(CancellationToken cancellationToken = default);

    Task CancelAsync(CancellationToken cancellationToken = default);
}
