using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// One frame's views before packing: the left view (the input, untouched), the synthesised right view and the
/// disparity that made it. For <see cref="Packing.StereoFormat.Disparity"/> no right view is synthesised and
/// <see cref="Right"/> is the left view.
/// </summary>
public sealed record SynthesizedView(RgbImage Left, RgbImage Right, FloatPlane Disparity);
