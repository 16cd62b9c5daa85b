using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// Per-frame disparity of a rendered segment, in pixels: the mean and the robust range (2nd/98th percentiles).
/// Written beside the segment's views; the seam measurements read it, and it is the raw material of a stereo QC
/// report (how much the picture pops out or sinks in, frame by frame).
/// </summary>
public sealed class DisparityStats
{
    public int Start { get; set; }

    public List<float> Mean { get; set; } = [];

    public List<float> Low { get; set; } = [];

    public List<float> High { get; set; } = [];

    public void Add(FloatPlane disparity)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in disparity.Data)
        {
            if (float.IsFinite(v))
            {
                sum += v;
                count++;
            }
        }

        var range = DepthNormalizer.FrameRange(disparity, DepthNormalizerOptions.Default);
        Mean.Add(count > 0 ? (float)(sum / count) : 0f);
        Low.Add(range.Low);
        High.Add(range.High);
    }
}
