namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// The raw-depth interval that normalisation maps onto [0, 1]: <see cref="Low"/> → 0 (far), <see cref="High"/> → 1
/// (near). A per-frame percentile range (<see cref="DepthNormalizer.FrameRange"/>) is small enough to ship between
/// farm machines, which is what lets a whole shot's normalisation be computed without moving its depth planes.
/// </summary>
public readonly record struct DepthRange(float Low, float High);
