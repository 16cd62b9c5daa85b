using System.Collections.Concurrent;
using SpatialMe.Farm.Events;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>
/// A client-side subscriber to the farm's live events, as a web host is: keeps every batch as it arrives, and renews
/// its subscription every few seconds until disposed (a subscription not renewed for a minute is dropped).
/// </summary>
public sealed class EventCollector : IFarmEventsObserver, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _renewing = Task.CompletedTask;

    private readonly ConcurrentQueue<(long Previous, IReadOnlyList<FarmEvent> Events)> _batches = new();

    public IReadOnlyList<(long Previous, IReadOnlyList<FarmEvent> Events)> Batches => [.. _batches];

    /// <summary>Every event, in id order (batches may arrive out of order; each names the id before it).</summary>
    public IReadOnlyList<FarmEvent> All => [.. _batches.OrderBy(b => b.Previous).SelectMany(b => b.Events)];

    /// <summary>Subscribes through <paramref name="client"/> and keeps the subscription renewed.</summary>
    public async Task SubscribeAsync(IClusterClient client)
    {
        var observer = client.CreateObjectReference<IFarmEventsObserver>(this);
        var grain = client.GetGrain<IFarmEventsGrain>(IFarmEventsGrain.Key);
        await grain.SubscribeAsync(observer, 0);
        _renewing = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                try
                {
                    await grain.SubscribeAsync(observer, 0);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // the cluster is in motion: the next renewal finds the grain again
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
    }

    /// <summary>Waits (up to a minute) for an event that matches <paramref name="match"/>; fails the test if none comes.</summary>
    public async Task<FarmEvent> WaitForAsync(Func<FarmEvent, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (All.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no such event came; events: " + string.Join("\n", All));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }

    public Task OnEventsAsync(long previousId, IReadOnlyList<FarmEvent> events)
    {
        _batches.Enqueue((previousId, events));
        return Task.CompletedTask;
    }
}
