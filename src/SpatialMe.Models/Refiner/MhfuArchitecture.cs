using System.Text.Json.Serialization;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The hyperparameters that fix the shape of every tensor of an <see cref="MhfuNetwork"/>. They are written into each
/// weights file's header, so a file says what network it belongs to and is refused when it does not match.
/// <para>
/// Level m (0 = full resolution) has <see cref="ChannelsAt"/> = base·2^m channels at 1/2^m of the resolution; there
/// are <see cref="Levels"/> levels, so frames (and tiles) must be multiples of <see cref="DownsamplingFactor"/>.
/// </para>
/// </summary>
/// <param name="InputChannels">Channels of the input tensor: <see cref="RefinerInputs.Channels"/> (13) for the paper's
/// refiner, <see cref="RefinerInputs.ChannelsWithRules"/> (19) for one with <see cref="HeadOutput.Residual"/>, or
/// <see cref="RefinerInputs.ChannelsWithDisparity"/> (20) for one that also reads the relative disparity, or
/// <see cref="RefinerInputs.ChannelsWithFills"/> (23) for one with <see cref="HeadOutput.Choice"/>.</param>
/// <param name="BaseChannels">Channels at full resolution; each coarser level doubles them.</param>
/// <param name="Levels">Encoder levels, the full-resolution one included (≥ 2: a FUU needs a coarser level).</param>
/// <param name="Output">What the head's six channels are. Files written before it existed have none in their header
/// and read as <see cref="HeadOutput.Absolute"/>, which they are.</param>
public sealed record MhfuArchitecture(
    [property: JsonPropertyName("inputChannels")] int InputChannels,
    [property: JsonPropertyName("baseChannels")] int BaseChannels,
    [property: JsonPropertyName("levels")] int Levels,
    [property: JsonPropertyName("output")] HeadOutput Output = HeadOutput.Absolute)
{
    /// <summary>Output channels of the head: M1, M2, M3, then the content C as R, G, B.</summary>
    public const int OutputChannels = 6;

    /// <summary>
    /// The default: 8 base channels, 4 levels (8/16/32/64 channels at 1, 1/2, 1/4, 1/8 resolution). 233 078
    /// parameters, a 0.9 MB weights file, about 27 k multiply-adds per pixel (25 G for a 1280×720 frame), and a
    /// receptive field reaching 57 px, enough to see across a disocclusion of a 2 % divergence at 1080p (≈ 40 px) to the
    /// background on its far side. 16 base channels would cost 4× the arithmetic for a 3.7 MB file; 3 levels would
    /// reach only 27 px. docs/models.md has the measurements.
    /// </summary>
    public static MhfuArchitecture Default { get; } = new(RefinerInputs.Channels, 8, 4);

    /// <summary>The default network's shape as corrections to the rule-based fusion (<see cref="HeadOutput.Residual"/>):
    /// six more input channels, 233 510 parameters.</summary>
    public static MhfuArchitecture Residual { get; } = new(RefinerInputs.ChannelsWithRules, 8, 4, HeadOutput.Residual);

    /// <summary>The architecture of this shape for a head output of <paramref name="output"/> (with the input channels
    /// that output needs; <paramref name="disparity"/>: a correcting network that also reads the relative disparity,
    /// which one with <see cref="HeadOutput.Choice"/> always does).</summary>
    public static MhfuArchitecture For(HeadOutput output, int baseChannels, int levels, bool disparity = false)
    {
        if (disparity && output == HeadOutput.Absolute)
        {
            throw new ArgumentException("Only a network that corrects the rules (--prior rules) reads the disparity.");
        }

        return output switch
        {
            HeadOutput.Choice => new(RefinerInputs.ChannelsWithFills, baseChannels, levels, HeadOutput.Choice),
            HeadOutput.Residual => new(disparity ? RefinerInputs.ChannelsWithDisparity : RefinerInputs.ChannelsWithRules, baseChannels, levels, HeadOutput.Residual),
            _ => new(RefinerInputs.Channels, baseChannels, levels),
        };
    }

    /// <summary>Whether the network's outputs are corrections to the rule-based fusion, which it reads
    /// (<see cref="HeadOutput.Residual"/> or <see cref="HeadOutput.Choice"/>).</summary>
    [JsonIgnore]
    public bool CorrectsRules => Output != HeadOutput.Absolute;

    /// <summary>Whether the network reads the relative disparity (input channel <see cref="RefinerInputs.Disparity"/>).</summary>
    [JsonIgnore]
    public bool ReadsDisparity => InputChannels >= RefinerInputs.ChannelsWithDisparity;

    /// <summary>Whether the network reads the naive fill (input channels <see cref="RefinerInputs.Naive"/>–22).</summary>
    [JsonIgnore]
    public bool ReadsFills => InputChannels == RefinerInputs.ChannelsWithFills;

    /// <summary>Frame sizes must be multiples of this: the downsampling of the deepest level.</summary>
    [JsonIgnore]
    public int DownsamplingFactor => 1 << (Levels - 1);

    public int ChannelsAt(int level) => BaseChannels << level;

    /// <summary>Throws when the hyperparameters cannot make a network (or would make an absurd one: a corrupt header
    /// must not allocate gigabytes).</summary>
    public void Validate()
    {
        if (InputChannels is < 1 or > 64)
        {
            throw new ArgumentException($"input channels must be in [1, 64], got {InputChannels}.");
        }

        if (BaseChannels is < 1 or > 256)
        {
            throw new ArgumentException($"base channels must be in [1, 256], got {BaseChannels}.");
        }

        if (Levels is < 2 or > 7)
        {
            throw new ArgumentException($"levels must be in [2, 7], got {Levels}.");
        }

        if (!Enum.IsDefined(Output))
        {
            throw new ArgumentException($"unknown head output {Output}.");
        }

        if (Output == HeadOutput.Residual && InputChannels is not (RefinerInputs.ChannelsWithRules or RefinerInputs.ChannelsWithDisparity))
        {
            throw new ArgumentException(
                $"a refiner that corrects the rule-based fusion takes {RefinerInputs.ChannelsWithRules} input channels (the branches and the rules' masks and content), or {RefinerInputs.ChannelsWithDisparity} with the relative disparity, got {InputChannels}.");
        }

        if (Output == HeadOutput.Choice && InputChannels != RefinerInputs.ChannelsWithFills)
        {
            throw new ArgumentException(
                $"a refiner whose content is a choice among the background fills takes {RefinerInputs.ChannelsWithFills} input channels (the branches, the rules' masks and content, the relative disparity and the naive fill), got {InputChannels}.");
        }

        if (Output == HeadOutput.Absolute && InputChannels >= RefinerInputs.ChannelsWithDisparity)
        {
            throw new ArgumentException($"only a refiner that corrects the rule-based fusion reads the disparity ({RefinerInputs.ChannelsWithDisparity} input channels or more).");
        }
    }

    /// <summary>
    /// How far, in full-resolution pixels, the inputs that influence one output pixel can lie from it: output pixel x
    /// depends on input pixels x − Before … x + After (the same vertically). Worked out layer by layer in
    /// <see cref="ReceptiveField"/>; tiled inference keeps this much context around every pixel it writes, which makes
    /// those pixels equal to full-frame inference.
    /// </summary>
    [JsonIgnore]
    public (int Before, int After) InfluenceExtent => ReceptiveField.Of(this);

    /// <summary>Context that tiled inference keeps around the pixels it writes: the larger influence extent, rounded
    /// up to a multiple of <see cref="DownsamplingFactor"/>.</summary>
    [JsonIgnore]
    public int TileMargin
    {
        get
        {
            var (before, after) = InfluenceExtent;
            var reach = Math.Max(before, after);
            return (reach + DownsamplingFactor - 1) / DownsamplingFactor * DownsamplingFactor;
        }
    }
}
