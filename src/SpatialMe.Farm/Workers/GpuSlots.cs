using Microsoft.Extensions.Options;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Telemetry;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// A silo's GPU slots: every depth or render unit holds one while it computes, so a silo never runs more units at
/// once than it declared (<see cref="FarmOptions.GpuSlots"/>) however many activations placement gives it. The slot
/// gauges (<c>spatialme.gpu.slots.busy</c>, <c>.total</c>) read them until the silo's services are disposed.
/// </summary>
public sealed class GpuSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly IDisposable _gauge;
    private int _busy;

    public GpuSlots(IOptions<FarmOptions> options, ILocalSiloDetails silo)
    {
        Total = options.Value.GpuSlots;
        _slots = new SemaphoreSlim(Total, Total);
        _gauge = FarmMetrics.TrackSlots(this, silo.SiloAddress.ToParsableString());
    }

    public int Total { get; }

    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _busy);
        return new Lease(this);
    }

    public void Dispose() => _gauge.Dispose();

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
