using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// A unit of GPU work (key: <c>{job}/{segment}/{phase}/{attempt}</c>, so every attempt is placed afresh). The call
/// that starts it returns at once; the work runs off the grain's turn, bounded by the silo's GPU slots, and is
/// polled. A poll that reaches a fresh activation answers <see cref="WorkState.Idle"/>: the work was lost.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task CancelAsync(CancellationToken cancellationToken = default);
}

/// <summary>Depth for a segment's frames, written to the media store (placed on GPU silos).</summary>
public interface IDepthWorkerGrain : IWorkerGrain
{
    Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default);
}

/// <summary>Warp, the three inpainting branches and fusion for a segment, written to the media store (placed on
/// GPU silos).</summary>
public interface IRenderWorkerGrain : IWorkerGrain
{
    Task StartAsync(SegmentWork work, CancellationToken cancellationToken = default);
}
