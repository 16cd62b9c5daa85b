using System.Text.Json.Serialization;

namespace SpatialMe.Farm.Jobs;

/// <summary>
/// What to convert and how: everything a film job needs, fixed at submission. Settings use the CLI's names and
/// defaults (<c>spatialme convert --help</c>); <see cref="JobSpecs.Validate"/> checks them before anything runs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobSpec
{
    /// <summary>The 2D film: a local path (this profile) or a URI the cluster's media store reads.</summary>
    [Id(0)] public required string Input { get; init; }

    /// <summary>Where the stereo master goes; written only when complete.</summary>
    [Id(1)] public required string Output { get; init; }

    /// <summary>Stereo layout by CLI name (full-sbs, half-sbs, …).</summary>
    [Id(2)] public string Format { get; init; } = "full-sbs";

    [Id(3)] public double Divergence { get; init; } = 2.0;

    [Id(4)] public double Convergence { get; init; } = 0.5;

    /// <summary>First input frame to convert (null: the first).</summary>
    [Id(5)] public int? StartFrame { get; init; }

    /// <summary>Frame after the last to convert (null: the end).</summary>
    [Id(6)] public int? EndFrame { get; init; }

    /// <summary>Longest segment, frames (--segment-frames).</summary>
    [Id(7)] public int SegmentFrames { get; init; } = 240;

    /// <summary>Frames shared by consecutive segments of a shot (--overlap).</summary>
    [Id(8)] public int Overlap { get; init; } = 16;

    [Id(9)] public string Codec { get; init; } = "libx264";

    [Id(10)] public int Crf { get; init; } = 18;

    [Id(11)] public string Preset { get; init; } = "medium";

    [Id(12)] public string PixelFormat { get; init; } = "yuv420p";

    /// <summary>Higher runs first; equal priorities run in submission order.</summary>
    [Id(13)] public int Priority { get; init; }

    /// <summary>Replace an existing output (otherwise an existing output fails the job before any work).</summary>
    [Id(14)] public bool Overwrite { get; init; }

    /// <summary>Keep depth and rendered segments in the media store after the job is done (for debugging).</summary>
    [Id(15)] public bool KeepIntermediates { get; init; }

    /// <summary>
    /// The learned models (null: cue-based depth and the rule-based fusion). Left out of the JSON when null, so the
    /// ids of jobs without models (<c>JobIds.For</c> hashes the spec's JSON) are what they were before models existed.
    /// </summary>
    [Id(16)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JobModels? Models { get; init; }
}
