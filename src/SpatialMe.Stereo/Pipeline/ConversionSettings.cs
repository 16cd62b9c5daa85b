using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>Everything that shapes a conversion, with the defaults in one place (the CLI's --help shows them).</summary>
public sealed record ConversionSettings
{
    public const int DefaultChunkFrames = 8;
    public const int DefaultContextFrames = 3;

    public StereoFormat Format { get; init; } = StereoFormat.FullSbs;

    public DisparitySettings Disparity { get; init; } = DisparitySettings.Default;

    public DepthNormalizerOptions Normalizer { get; init; } = DepthNormalizerOptions.Default;

    /// <summary>Disparity expansion radius k (pixels, at the frame's resolution).</summary>
    public int ExpansionRadius { get; init; } = DisparityExpansion.DefaultRadius;

    /// <summary>Disparity expansion threshold λ (pixels of disparity).</summary>
    public float ExpansionThreshold { get; init; } = DisparityExpansion.DefaultThreshold;

    /// <summary>Frames the temporal branch fills together.</summary>
    public int ChunkFrames { get; init; } = DefaultChunkFrames;

    /// <summary>Extra frames on each side of a chunk that the temporal branch may take pixels from.</summary>
    public int ContextFrames { get; init; } = DefaultContextFrames;

    public static ConversionSettings Default { get; } = new();

    public void Validate()
    {
        Disparity.Validate();
        Normalizer.Validate();
        if (ExpansionRadius < 1)
        {
            throw new ArgumentException($"expansion radius must be at least 1, got {ExpansionRadius}.");
        }

        if (!(ExpansionThreshold > 0))
        {
            throw new ArgumentException($"expansion threshold must be positive, got {ExpansionThreshold}.");
        }

        if (ChunkFrames < 1 || ContextFrames < 0)
        {
            throw new ArgumentException($"chunk frames must be >= 1 and context frames >= 0, got {ChunkFrames} and {ContextFrames}.");
        }
    }
}
