using Microsoft.Extensions.Options;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// A silo's GPU slots: every depth or render unit holds one while it computes, so a silo never runs more units at
/// once than it declared (<see cref="FarmOptions.GpuSlots"/>) however many activations placement gives it.
/// </summary>
public sealed class GpuSlots(IOptions<FarmOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.GpuSlots, options.Value.GpuSlots);
    private int _busy;

    public int Total { get; } = options.Value.GpuSlots;

    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _busy);
        return new Lease(this);
    }

    private sealed class Lease(GpuSlots owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._busy);
                owner._slots.Release();
            }
        }
    }
}
