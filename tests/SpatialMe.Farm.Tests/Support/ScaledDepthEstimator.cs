using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>
/// The default estimator with its output scaled and shifted: what a silo with another model build or GPU returns
/// for the same frame when relative depth is only defined up to scale (the drift the seam alignment must absorb).
/// </summary>
public sealed class ScaledDepthEstimator(float scale, float shift) : IDepthEstimator
{
    private readonly CueDepthEstimator _inner = new();

    public string Name => _inner.Name;

    public string Description => _inner.Description;

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous)
    {
        var depth = _inner.Estimate(frame, previous);
        var data = depth.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (data[i] * scale) + shift;
        }

        return depth;
    }
}
