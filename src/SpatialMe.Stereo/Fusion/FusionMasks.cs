using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Fusion;

/// <summary>The masks and content of eqs. 1–3: M1 weighs Poly against DE, M2 that blend against the temporal branch,
/// M3 the result against the content C. Values in [0, 1] per pixel.</summary>
public sealed record FusionMasks(FloatPlane M1, FloatPlane M2, FloatPlane M3, RgbImage Content);
