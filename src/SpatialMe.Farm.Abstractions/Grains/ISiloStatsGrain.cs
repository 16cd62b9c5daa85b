using SpatialMe.Farm.Cluster;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One per cluster (key <see cref="Key"/>): the silos' latest reports (role, GPU slots, busy slots, frames/s,
/// version). Every silo reports itself every few seconds, so no silo-local system target is needed and the grain can
/// live on any silo (after a move it is whole again within one report period). Publishes silos joining and leaving,
/// and samples the whole cluster every few seconds (<see cref="ClusterSample"/>, published as <c>cluster.sample</c>),
/// keeping the last hour of samples in memory.
/// </summary>
public interface ISiloStatsGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [OneWay]
    Task ReportAsync(SiloReport report);

    /// <summary>The silo is shutting down (a silo that dies is noticed by its absence from the membership).</summary>
    [OneWay]
    Task LeavingAsync(string silo);

    [AlwaysInterleave]
    Task<IReadOnlyList<SiloReport>> ListAsync();

    /// <summary>The cluster samples of the last <paramref name="span"/> (at most the hour kept), oldest first; empty
    /// for a few seconds after the grain started or moved.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ClusterSample>> HistoryAsync(TimeSpan span);
}
