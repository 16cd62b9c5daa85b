using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// One depth network shared by the segments a silo runs at once (several GPU slots): calls take turns, because the
/// network's buffers are not meant for concurrent forward passes and one model in memory is the point of sharing it.
/// </summary>
public sealed class SerializedDepthEstimator(IDepthEstimator inner) : IDepthEstimator
{
    private readonly Lock _gate = new();

    /// <summary>The wrapped estimator (its owner disposes it).</summary>
    public IDepthEstimator Inner => inner;

    public string Name => inner.Name;

    public string Description => inner.Description;

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous)
    {
        lock (_gate)
        {
            return inner.Estimate(frame, previous);
        }
    }
}
