using System.Text.Json.Serialization;

namespace SpatialMe.Models.Refiner;

/// <summary>The JSON line at the top of a refiner weights file: the file format's version, the architecture the
/// tensors belong to, and a free-text description (what it was trained on, by which command).</summary>
public sealed record RefinerWeightsHeader(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("architecture")] MhfuArchitecture Architecture,
    [property: JsonPropertyName("description")] string? Description = null);
