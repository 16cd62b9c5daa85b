namespace SpatialMe.Models.Refiner;

/// <summary>One piece of tiled inference: the network runs on <see cref="Context"/> (aligned to the downsampling
/// factor, inside the padded frame) and its output is used on <see cref="Core"/> only (inside the frame). Every core
/// pixel has the network's whole influence extent inside the context, or reaches the padded frame's edge exactly where
/// full-frame inference does, so the network's output on the core equals full-frame inference there.</summary>
public sealed record RefinerTile(PixelRect Core, PixelRect Context);
