using System.Text.Json;
using System.Text.Json.Serialization;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Media.Quality;

/// <summary>The JSON form of a <see cref="StereoQualityReport"/> (camelCase; fields in docs/qc.md).</summary>
public static class StereoQualityJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(StereoQualityReport report) => JsonSerializer.Serialize(report, Options);

    public static StereoQualityReport Deserialize(string json) =>
        JsonSerializer.Deserialize<StereoQualityReport>(json, Options) ?? throw new InvalidDataException("The QC report JSON is empty.");
}
