using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// Streaming synthesis of right views from left frames and their normalised depth, one shot at a time: push frames in
/// order, take the views that became ready, complete the shot. <see cref="ViewSynthesizer"/> is the method; the
/// farm's benchmark mode has a fixed-time one, so the farm's own costs can be measured apart from compute.
/// </summary>
public interface IViewSynthesizer
{
    IReadOnlyList<SynthesizedView> Push(RgbImage left, FloatPlane normalizedDepth);

    IReadOnlyList<SynthesizedView> Complete();
}
