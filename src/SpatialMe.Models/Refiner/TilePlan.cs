using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Models.Refiner;

/// <summary>What tiled inference computes and where it writes: the refinement <see cref="Region"/> (the occlusion
/// mask dilated by the rim radius; the refiner's masks replace the rule-based ones on exactly these pixels) and the
/// <see cref="Tiles"/> whose cores cover it.</summary>
public sealed record TilePlan(Mask Region, IReadOnlyList<RefinerTile> Tiles);
