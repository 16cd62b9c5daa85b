using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using SpatialMe.Farm.Events;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// The cluster's live event stream (<see cref="IFarmEventsGrain"/>). Why a grain with observers and not Orleans
/// streams: the memory stream provider must be configured on every silo and client, its queues live on one silo
/// each and lose events when that silo dies, and a client's subscription does not follow a restart on its own; a
/// subscription renewed on a period finds this grain wherever it is now, works the same from a silo and a client
/// process, and the subscriber learns from the replay whether it missed anything.
/// <para>
/// Event ids: each is larger than the one before; a new activation (after a move) starts above every id the old one
/// could have given, from the clock (microseconds since 1970), so ids keep increasing across moves and no web host
/// can confuse an old id with a new one. Progress is held to one event per job per <see cref="ProgressInterval"/>:
/// a newer one replaces the held one, which goes out when its time comes (so the last progress is never lost).
/// </para>
/// </summary>
public sealed partial class FarmEventsGrain(ILogger<FarmEventsGrain> logger) : Grain, IFarmEventsGrain
{
    /// <summary>Events kept for subscribers that come back (a web host's own buffer is separate).</summary>
    public const int Kept = 1024;

    /// <summary>At most one <c>job.progress</c> per job this often (4 a second).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A subscription not renewed for this long is dropped (web hosts renew every 20 s).</summary>
    public static readonly TimeSpan SubscriptionLife = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<IFarmEventsObserver> _observers = new(SubscriptionLife, logger);
    private readonly Queue<FarmEvent> _kept = new();
    private readonly Dictionary<string, DateTimeOffset> _lastProgress = [];
    private readonly Dictionary<string, FarmEvent> _heldProgress = [];
    private long _lastId;
    private long _keptAfter;
    private IGrainTimer? _release;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastId = _keptAfter = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        return base.OnActivateAsync(cancellationToken);
    }

    public Task PublishAsync(FarmEvent farmEvent)
    {
        ArgumentNullException.ThrowIfNull(farmEvent);
        var now = DateTimeOffset.UtcNow;
        if (farmEvent.Type == FarmEventTypes.JobProgress && farmEvent.Job is { } job)
        {
            if (_lastProgress.TryGetValue(job, out var last) && now - last < ProgressInterval)
            {
                _heldProgress[job] = farmEvent;
                _release ??= this.RegisterGrainTimer(ReleaseHeldAsync, new GrainTimerCreationOptions { DueTime = ProgressInterval, Period = ProgressInterval, Interleave = false });
                return Task.CompletedTask;
            }

            _heldProgress.Remove(job);
            _lastProgress[job] = now;
            Send([farmEvent]);
            return Task.CompletedTask;
        }

        // A job's state change goes after its held progress, so a page never sees progress after "done"; segment
        // events do not release it (they come often, and their order against progress does not matter).
        var batch = new List<FarmEvent>(2);
        if (farmEvent.Type == FarmEventTypes.JobState && farmEvent.Job is { } about && _heldProgress.Remove(about, out var held))
        {
            batch.Add(held);
        }

        batch.Add(farmEvent);
        if (farmEvent.Type == FarmEventTypes.JobState && farmEvent.State is "done" or "failed" or "cancelled" && farmEvent.Job is { } ended)
        {
            _lastProgress.Remove(ended);
        }

        Send(batch);
        return Task.CompletedTask;
    }

    public Task<EventReplay> SubscribeAsync(IFarmEventsObserver observer, long afterId)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        var complete = afterId >= _keptAfter;
        return Task.FromResult(new EventReplay
        {
            Events = [.. _kept.Where(e => e.Id > afterId)],
            Complete = complete,
            LatestId = _lastId,
        });
    }

    public Task UnsubscribeAsync(IFarmEventsObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private Task ReleaseHeldAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var due = _heldProgress.Where(kv => now - _lastProgress.GetValueOrDefault(kv.Key) >= ProgressInterval).ToList();
        foreach (var (job, e) in due)
        {
            _heldProgress.Remove(job);
            _lastProgress[job] = now;
        }

        if (due.Count > 0)
        {
            Send([.. due.Select(kv => kv.Value)]);
        }

        if (_heldProgress.Count == 0)
        {
            _release?.Dispose();
            _release = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>Numbers <paramref name="events"/>, keeps them and pushes them to every subscriber.</summary>
    private void Send(List<FarmEvent> events)
    {
        var now = DateTimeOffset.UtcNow;
        var previous = _lastId;
        var numbered = new List<FarmEvent>(events.Count);
        foreach (var e in events)
        {
            _lastId = Math.Max(_lastId + 1, now.ToUnixTimeMilliseconds() * 1000);
            var stamped = e with { Id = _lastId, Time = e.Time == default ? now : e.Time };
            numbered.Add(stamped);
            _kept.Enqueue(stamped);
            if (_kept.Count > Kept)
            {
                _keptAfter = _kept.Dequeue().Id;
            }
        }

        if (_observers.Count > 0)
        {
            _observers.Notify(o => { _ = o.OnEventsAsync(previous, numbered); }); // one-way: nothing to wait for
        }

        LogSent(numbered.Count, _observers.Count);
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "{Count} farm events sent to {Observers} subscribers")]
    private partial void LogSent(int count, int observers);
}
