using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>
/// The real default estimator behind a gate the test controls: it lets <see cref="Allowed"/> estimates through and
/// holds the rest until the test opens the gate — so a test can catch work provably in flight on a given silo (to
/// kill that silo, cancel the job, or stop the cluster between shots). Results are the real estimator's, unchanged.
/// </summary>
public sealed class GatedDepthEstimator(int allowed = 0) : IDepthEstimator, IDisposable
{
    private readonly CueDepthEstimator _inner = new();
    private readonly object _gate = new();
    private int _allowed = allowed;
    private int _passed;
    private int _waiting;
    private bool _open;

    public string Name => _inner.Name;

    public string Description => _inner.Description;

    /// <summary>Estimates held at the gate right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Passed => Volatile.Read(ref _passed);

    public void Allow(int count)
    {
        lock (_gate)
        {
            _allowed = count;
            Monitor.PulseAll(_gate);
        }
    }

    public void Open()
    {
        lock (_gate)
        {
            _open = true;
            Monitor.PulseAll(_gate);
        }
    }

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous)
    {
        lock (_gate)
        {
            _waiting++;
            while (!_open && _passed >= _allowed)
            {
                Monitor.Wait(_gate);
            }

            _waiting--;
            _passed++;
        }

        return _inner.Estimate(frame, previous);
    }

    public void Dispose() => Open();
}
