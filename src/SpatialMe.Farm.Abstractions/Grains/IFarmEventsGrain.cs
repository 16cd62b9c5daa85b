using SpatialMe.Farm.Events;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One per cluster (key <see cref="Key"/>): the farm's live event stream. Jobs, the coordinator and the silo stats
/// publish (one-way); it numbers the events, holds the latest progress of each job to a few per second, keeps the
/// recent ones, and pushes them to the web hosts' observers. An observer's subscription expires unless renewed, so
/// a web host resubscribes on a period — which is also how it finds this grain again after it moved to another silo.
/// </summary>
public interface IFarmEventsGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [OneWay]
    Task PublishAsync(FarmEvent farmEvent);

    /// <summary>
    /// Subscribes (or renews) <paramref name="observer"/> and answers the kept events after <paramref name="afterId"/>
    /// (0: none), so a web host that was away gets what it missed — or learns that it cannot (<see cref="EventReplay.Complete"/>).
    /// </summary>
    Task<EventReplay> SubscribeAsync(IFarmEventsObserver observer, long afterId);

    Task UnsubscribeAsync(IFarmEventsObserver observer);
}

/// <summary>A web host's end of the stream (an Orleans grain observer).</summary>
public interface IFarmEventsObserver : IGrainObserver
{
    /// <summary>
    /// The next events, in order. Orleans does not keep messages in order, so each batch names the id of the event
    /// just before it (<paramref name="previousId"/>): a receiver holds a batch that comes early until the one before
    /// it arrives (or fetches what is missing with <see cref="IFarmEventsGrain.SubscribeAsync"/>).
    /// </summary>
    [OneWay]
    Task OnEventsAsync(long previousId, IReadOnlyList<FarmEvent> events);
}

/// <summary>The answer to a subscription: the events after the asked id, and whether they are all of them.</summary>
[GenerateSerializer, Immutable]
public sealed record EventReplay
{
    [Id(0)] public IReadOnlyList<FarmEvent> Events { get; init; } = [];

    /// <summary>False when events after the asked id are no longer kept (or were lost with an earlier activation).</summary>
    [Id(1)] public bool Complete { get; init; }

    /// <summary>The id of the latest event given so far.</summary>
    [Id(2)] public long LatestId { get; init; }
}
