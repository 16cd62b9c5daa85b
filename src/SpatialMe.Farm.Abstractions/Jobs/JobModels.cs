namespace SpatialMe.Farm.Jobs;

/// <summary>
/// The learned models a job uses, fixed at submission: the MHFU refiner's weights (null: the rule-based fusion) and
/// a Depth Anything V2 checkpoint (null: the silo's default estimator). Each file comes with a fingerprint of its
/// content taken by the client; a silo loads the file at the same path (or its own shipped refiner) and refuses it
/// where the content differs, so a segment is never computed with another model than its job id names.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobModels
{
    /// <summary>The <see cref="Refiner"/> value meaning "the refiner weights shipped with the silo's build".</summary>
    public const string ShippedRefiner = "shipped";

    /// <summary>The Depth Anything V2 network input's short side by default (the reference's input_size).</summary>
    public const int DefaultDepthInputSize = 518;

    /// <summary>Refiner weights: a full local path on the silos, <see cref="ShippedRefiner"/>, or null (rule-based fusion).</summary>
    [Id(0)] public string? Refiner { get; init; }

    /// <summary>Content fingerprint of the refiner weights (sha256:…), required with <see cref="Refiner"/>.</summary>
    [Id(1)] public string? RefinerFingerprint { get; init; }

    /// <summary>A Depth Anything V2 checkpoint (.pth or safetensors): a full local path on the silos, or null.</summary>
    [Id(2)] public string? DepthModel { get; init; }

    /// <summary>Content fingerprint of the checkpoint (sha256:…), required with <see cref="DepthModel"/>.</summary>
    [Id(3)] public string? DepthModelFingerprint { get; init; }

    /// <summary>Short side of the depth network's input (only used with <see cref="DepthModel"/>).</summary>
    [Id(4)] public int DepthInputSize { get; init; } = DefaultDepthInputSize;

    /// <summary>True where the job uses neither model (then a spec carries no <see cref="JobModels"/> at all).</summary>
    public bool IsEmpty => Refiner is null && DepthModel is null;
}
