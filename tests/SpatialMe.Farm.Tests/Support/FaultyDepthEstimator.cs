using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>
/// The real default estimator on a GPU that goes bad: the first <c>healthy</c> estimates are the real ones, every
/// later one throws (as a CUDA error would) until the test mends it — the failure an operator fixes before a retry.
/// </summary>
public sealed class FaultyDepthEstimator(int healthy) : IDepthEstimator
{
    private readonly CueDepthEstimator _inner = new();
    private int _estimates;
    private volatile bool _mended;

    public string Name => _inner.Name;

    public string Description => _inner.Description;

    public void Mend() => _mended = true;

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous) =>
        _mended || Interlocked.Increment(ref _estimates) <= healthy
            ? _inner.Estimate(frame, previous)
            : throw new InvalidOperationException("CUDA error: an illegal memory access was encountered");
}
