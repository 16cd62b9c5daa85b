using System.Text.Json.Serialization;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// A job as a client asks for it (the REST API's <c>POST /api/v1/jobs</c> body): input, output, format, priority
/// and optional per-job settings with the CLI's names and defaults (a missing setting takes <see cref="JobSpec"/>'s
/// default, which is the CLI's). <see cref="ToSpec"/> checks it and names the first bad field. The fusion is the CLI's
/// default too: the refiner shipped with this build where it has one (<see cref="ShippedRefiner"/>), else the
/// rule-based fusion; the request has no field to change it.
/// </summary>
public sealed record JobRequest
{
    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? Format { get; init; }

    public int? Priority { get; init; }

    public double? Divergence { get; init; }

    public double? Convergence { get; init; }

    public int? StartFrame { get; init; }

    public int? EndFrame { get; init; }

    public int? SegmentFrames { get; init; }

    public int? Overlap { get; init; }

    public string? Codec { get; init; }

    public int? Crf { get; init; }

    public string? Preset { get; init; }

    [JsonPropertyName("pixelFormat")]
    public string? PixelFormat { get; init; }

    public bool? Overwrite { get; init; }

    public bool? KeepIntermediates { get; init; }

    /// <summary>
    /// The spec this request describes: local paths made full, checked by <see cref="JobSpecs.Validate"/> and against
    /// <paramref name="locations"/>; throws <see cref="JobRequestException"/> naming the field at fault.
    /// </summary>
    public JobSpec ToSpec(MediaLocations locations, Func<string, bool>? trusted = null)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var input = Required(Input, "input");
        var output = Required(Output, "output");
        var format = Format ?? "full-sbs";
        if (!StereoFormats.TryParse(format, out var parsed))
        {
            throw new JobRequestException("format", $"format '{format}' is unknown; one of: {string.Join(", ", StereoFormats.CliNames)}.");
        }

        var defaults = new JobSpec { Input = input, Output = output };
        var spec = defaults with
        {
            Input = Full(input),
            Output = Full(output),
            Format = parsed.ToCliName(),
            Priority = Priority ?? defaults.Priority,
            Divergence = Divergence ?? defaults.Divergence,
            Convergence = Convergence ?? defaults.Convergence,
            StartFrame = StartFrame,
            EndFrame = EndFrame,
            SegmentFrames = SegmentFrames ?? defaults.SegmentFrames,
            Overlap = Overlap ?? defaults.Overlap,
            Codec = Codec ?? defaults.Codec,
            Crf = Crf ?? defaults.Crf,
            Preset = Preset ?? defaults.Preset,
            PixelFormat = PixelFormat ?? defaults.PixelFormat,
            Overwrite = Overwrite ?? false,
            KeepIntermediates = KeepIntermediates ?? false,
            Models = JobModelFiles.For(ShippedRefiner.Exists ? ShippedRefiner.DefaultPath : null, refinerIsShipped: true, depthModelPath: null, JobModels.DefaultDepthInputSize),
        };
        foreach (var (field, location) in new[] { ("input", spec.Input), ("output", spec.Output) })
        {
            if (locations.Check(location, trusted) is { } why)
            {
                throw new JobRequestException(field, $"{field} '{Storage.MediaFiles.Display(location)}' {why}.");
            }
        }

        try
        {
            JobSpecs.Validate(spec);
        }
        catch (ArgumentException e)
        {
            throw new JobRequestException(null, e.Message);
        }

        return spec;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new JobRequestException(field, $"{field} is required.") : value;

    /// <summary>Full local paths are normalised (so <c>..</c> cannot escape a root); URIs and relative paths pass to the check.</summary>
    private static string Full(string location) =>
        Path.IsPathFullyQualified(location) ? Path.GetFullPath(location) : location; // a relative path is refused by the location check
}

/// <summary>A job request refused: <see cref="Field"/> names the request field at fault (null: the whole request).</summary>
public sealed class JobRequestException(string? field, string message) : ArgumentException(message)
{
    public string? Field { get; } = field;
}
