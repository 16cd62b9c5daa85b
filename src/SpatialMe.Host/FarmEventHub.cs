using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Events;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Host;

/// <summary>
/// This web host's end of the farm's event stream: subscribes to <see cref="IFarmEventsGrain"/> as a grain observer
/// (renewed every <see cref="FarmWebOptions.EventResubscribe"/>, which also finds the grain again after it moved),
/// keeps the last <see cref="FarmWebOptions.EventBuffer"/> events for reconnecting browsers, and fans them out to the
/// open <c>/api/v1/events</c> streams. Where the stream had a gap (the grain moved, or this host was cut off longer
/// than the grain keeps events) every stream gets a <c>reset</c> and the buffer starts again.
/// </summary>
public sealed partial class FarmEventHub(IClusterClient client, FarmWebOptions options, ILogger<FarmEventHub> logger) : BackgroundService, IFarmEventsObserver
{
    /// <summary>Events one slow browser may have waiting before its stream is closed (it reconnects and resumes).</summary>
    private const int PerStreamBacklog = 4096;

    private readonly object _gate = new();
    private readonly LinkedList<FarmEvent> _buffer = new();
    private readonly List<Stream> _streams = [];

    /// <summary>Batches that came before the one ahead of them (by the id before each), with when they came.</summary>
    private readonly SortedDictionary<long, (IReadOnlyList<FarmEvent> Events, DateTimeOffset At)> _early = [];
    private bool _subscribed;
    private long _floor;
    private long _latest;

    /// <summary>The id of the latest event this host has (0 before its first subscription).</summary>
    public long LatestId
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>
    /// Opens a stream for one browser: the events after <paramref name="lastEventId"/> this host still has, or — where
    /// it asks for an id older than them — a <c>reset</c> first; then every new event. Dispose the stream to close it.
    /// </summary>
    public Stream Open(long? lastEventId)
    {
        var stream = new Stream(this);
        lock (_gate)
        {
            if (lastEventId is { } last)
            {
                if (!_subscribed || last < _floor)
                {
                    stream.Push(Reset("the stream cannot resume from event " + last + ": it is older than the events this server keeps"));
                }
                else
                {
                    foreach (var e in _buffer.Where(e => e.Id > last))
                    {
                        stream.Push(e);
                    }
                }
            }

            _streams.Add(stream);
        }

        return stream;
    }

    public Task OnEventsAsync(long previousId, IReadOnlyList<FarmEvent> events)
    {
        lock (_gate)
        {
            if (_subscribed && previousId <= _latest)
            {
                Append(events);
                AppendEarly();
            }
            else
            {
                // Ahead of an event not here yet (or of the first subscription's answer): hold it. Bounded: what is
                // dropped here comes back with the renewal that Missing() brings forward.
                _early[previousId] = (events, DateTimeOffset.UtcNow);
                if (_early.Count > PerStreamBacklog)
                {
                    _early.Remove(_early.Keys.First());
                }
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = client.CreateObjectReference<IFarmEventsObserver>(this);
        var grain = client.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key);
        try
        {
            var renewAt = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (DateTimeOffset.UtcNow < renewAt && !Missing())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
                    continue;
                }

                renewAt = DateTimeOffset.UtcNow + options.EventResubscribe;
                try
                {
                    var replay = await grain.SubscribeAsync(self, LatestId).WaitAsync(stoppingToken);
                    lock (_gate)
                    {
                        if (!_subscribed)
                        {
                            _subscribed = true;
                            _floor = _latest = replay.LatestId;
                            DropEarlyBefore(_latest); // given before this host subscribed: not its to send
                        }
                        else if (!replay.Complete)
                        {
                            LogGap(_latest, replay.LatestId);
                            _buffer.Clear();
                            _floor = _latest = Math.Max(_latest, replay.LatestId);
                            DropEarlyBefore(_latest);
                            var reset = Reset("the farm's event stream had a gap (its grain moved, or this server lost touch): reload the state");
                            foreach (var stream in _streams.ToList())
                            {
                                stream.Push(reset);
                            }
                        }
                        else
                        {
                            Append(replay.Events);
                        }

                        AppendEarly();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSubscribeFailed(e.GetType().Name);
                    renewAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                foreach (var stream in _streams)
                {
                    stream.Complete();
                }
            }

            try
            {
                await grain.UnsubscribeAsync(self).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSubscribeFailed(e.GetType().Name); // the subscription expires on its own
            }

            client.DeleteObjectReference<IFarmEventsObserver>(self);
        }
    }

    /// <summary>Adds events newer than the latest (a replay may repeat some) and sends them to every stream.</summary>
    private void Append(IEnumerable<FarmEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Id <= _latest)
            {
                continue;
            }

            _latest = e.Id;
            _buffer.AddLast(e);
            while (_buffer.Count > options.EventBuffer)
            {
                _floor = _buffer.First!.Value.Id;
                _buffer.RemoveFirst();
            }

            foreach (var stream in _streams.ToList())
            {
                stream.Push(e);
            }
        }
    }

    /// <summary>Forgets held batches that follow an event before <paramref name="id"/> (from before a (re)start of the stream).</summary>
    private void DropEarlyBefore(long id)
    {
        foreach (var before in _early.Keys.Where(k => k < id).ToList())
        {
            _early.Remove(before);
        }
    }

    /// <summary>Sends the held batches that are next in line now.</summary>
    private void AppendEarly()
    {
        while (_early.Count > 0 && _early.First() is var (previous, batch) && previous <= _latest)
        {
            _early.Remove(previous);
            Append(batch.Events);
        }
    }

    /// <summary>
    /// Whether a batch has waited a second for the one before it: that one is lost or late, so the next renewal
    /// (now) fetches what is missing from the grain's kept events.
    /// </summary>
    private bool Missing()
    {
        lock (_gate)
        {
            return _early.Count > 0 && DateTimeOffset.UtcNow - _early.First().Value.At > TimeSpan.FromSeconds(1);
        }
    }

    /// <summary>A reset carries the latest id, so a stream that reconnects after it resumes from there.</summary>
    private FarmEvent Reset(string reason) => new() { Id = _latest, Type = FarmEventTypes.Reset, Time = DateTimeOffset.UtcNow, Reason = reason };

    private void Close(Stream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    /// <summary>One browser's stream: the events to send it, in order.</summary>
    public sealed class Stream(FarmEventHub hub) : IDisposable
    {
        private readonly Channel<FarmEvent> _events = Channel.CreateBounded<FarmEvent>(new BoundedChannelOptions(PerStreamBacklog) { SingleReader = true });

        public ChannelReader<FarmEvent> Events => _events.Reader;

        internal void Push(FarmEvent e)
        {
            if (!_events.Writer.TryWrite(e))
            {
                // Too far behind: close it; the browser reconnects with its last id and resumes (or is reset).
                _events.Writer.TryComplete();
            }
        }

        internal void Complete() => _events.Writer.TryComplete();

        public void Dispose()
        {
            hub.Close(this);
            _events.Writer.TryComplete();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Farm event stream had a gap after event {Latest} (now at {Now}); open streams were reset")]
    private partial void LogGap(long latest, long now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the farm's event stream ({Error}); trying again")]
    private partial void LogSubscribeFailed(string error);
}
