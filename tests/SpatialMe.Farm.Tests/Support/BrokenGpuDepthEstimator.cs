using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>What a silo with a faulty GPU does: every estimate throws, as a CUDA error would.</summary>
public sealed class BrokenGpuDepthEstimator : IDepthEstimator
{
    public string Name => "cues-v1";

    public string Description => "always fails";

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous) =>
        throw new InvalidOperationException("CUDA error: an illegal memory access was encountered");
}
