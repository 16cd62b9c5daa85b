using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>The temporal branch's right view, and the holes no neighbouring frame could fill (filled spatially).</summary>
public sealed record TemporalFill(RgbImage Image, Mask SpatiallyFilled);
