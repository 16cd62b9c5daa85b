namespace SpatialMe.Models.Depth;

/// <summary>
/// The shape of a Depth Anything V2 network: its DINOv2 encoder (embed dim, blocks, heads) and DPT head (features,
/// per-level channels), plus which blocks feed the head. Parameterised so tests can build tiny networks through the
/// same module code; <see cref="Small"/>, <see cref="Base"/> and <see cref="Large"/> are the reference's numbers.
/// </summary>
public sealed record DepthAnythingConfig(
    string Name,
    int EmbedDim,
    int Depth,
    int Heads,
    int Features,
    IReadOnlyList<int> OutChannels,
    IReadOnlyList<int> IntermediateLayers)
{
    /// <summary>ViT patch size; fixed by the reference.</summary>
    public const int PatchSize = 14;

    /// <summary>Side of the training image; the stored position embedding is a grid of this over the patch size (37×37).</summary>
    public const int TrainingImageSize = 518;

    /// <summary>Position-embedding grid side stored in the checkpoint.</summary>
    public const int PositionGrid = TrainingImageSize / PatchSize;

    /// <summary>Channels of the head's last hidden convolution (head_features_2 in the reference).</summary>
    public const int HeadHiddenChannels = 32;

    /// <summary>MLP hidden width over embed dim (DINOv2's mlp_ratio).</summary>
    public const int MlpRatio = 4;

    /// <summary>ViT-S: Apache-2.0 checkpoint.</summary>
    public static DepthAnythingConfig Small { get; } = new("vits", 384, 12, 6, 64, [48, 96, 192, 384], [2, 5, 8, 11]);

    /// <summary>ViT-B: CC-BY-NC-4.0 checkpoint.</summary>
    public static DepthAnythingConfig Base { get; } = new("vitb", 768, 12, 12, 128, [96, 192, 384, 768], [2, 5, 8, 11]);

    /// <summary>ViT-L: CC-BY-NC-4.0 checkpoint.</summary>
    public static DepthAnythingConfig Large { get; } = new("vitl", 1024, 24, 16, 256, [256, 512, 1024, 1024], [4, 11, 17, 23]);

    /// <summary>The three released presets.</summary>
    public static IReadOnlyList<DepthAnythingConfig> Presets { get; } = [Small, Base, Large];

    /// <summary>Size letter for reports: S, B, L, or "custom" for a non-preset (test) network.</summary>
    public string SizeLetter => Name switch { "vits" => "S", "vitb" => "B", "vitl" => "L", _ => "custom" };

    /// <summary>
    /// A non-preset configuration (tests). DINOv2's heads are 64 wide, which is how <see cref="DepthAnythingCheckpoint"/>
    /// infers heads from shapes; the blocks fed to the head are the last of each quarter of the depth.
    /// </summary>
    public static DepthAnythingConfig Custom(int embedDim, int depth, int features, IReadOnlyList<int> outChannels)
    {
        if (embedDim % HeadWidth != 0 || depth % 4 != 0 || outChannels.Count != 4)
        {
            throw new ArgumentException($"a custom network needs embed dim a multiple of {HeadWidth}, depth a multiple of 4 and 4 out channels");
        }

        var q = depth / 4;
        return new("custom", embedDim, depth, embedDim / HeadWidth, features, outChannels, [q - 1, 2 * q - 1, 3 * q - 1, depth - 1]);
    }

    /// <summary>Width of one attention head in every released DINOv2 size.</summary>
    public const int HeadWidth = 64;
}
