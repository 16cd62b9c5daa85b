namespace SpatialMe.Models.Refiner;

/// <summary>Where the refiner runs the network: on tiles around the occlusions (the default; the rest of the frame
/// keeps the rule-based masks) or on the whole frame.</summary>
public enum RefinerMode
{
    Tiled,
    FullFrame,
}

/// <summary>How an <see cref="MhfuRefiner"/> runs.</summary>
public sealed record RefinerOptions
{
    /// <summary>The default rim: how far around an occlusion the refiner's masks replace the rule-based ones. The
    /// branches differ only inside a hole and within a few pixels of its edges (Poly's ramp and DE's moved background
    /// strip reach k = 4 px past the edge); twice that leaves the network room to blend.</summary>
    public const int DefaultRimRadius = 8;

    public RefinerMode Mode { get; init; } = RefinerMode.Tiled;

    /// <summary>Dilation radius of the occlusion mask in tiled mode (pixels).</summary>
    public int RimRadius { get; init; } = DefaultRimRadius;

    /// <summary>CPU threads for libtorch (a process-wide setting: the last refiner made sets it). The result does not
    /// depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>A torch device string: "cpu" (default) or "cuda" / "cuda:N" (needs the CUDA build, docs/models.md).</summary>
    public string Device { get; init; } = "cpu";

    public static RefinerOptions Default { get; } = new();

    public void Validate()
    {
        if (RimRadius < 0)
        {
            throw new ArgumentException($"The refiner's rim radius must be >= 0, got {RimRadius}.");
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"The refiner's thread count must be >= 1, got {Threads}.");
        }

        if (string.IsNullOrWhiteSpace(Device))
        {
            throw new ArgumentException("The refiner's device must be named, e.g. cpu or cuda.");
        }
    }
}
