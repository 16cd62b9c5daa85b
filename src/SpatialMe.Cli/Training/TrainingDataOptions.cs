namespace SpatialMe.Cli.Training;

/// <summary>How <see cref="TrainingData"/> turns files into training examples.</summary>
public sealed record TrainingDataOptions
{
    /// <summary>Examples smaller than this on either side are skipped (they cannot hold one crop).</summary>
    public int Crop { get; init; } = 256;

    /// <summary>Video frames and mono images wider than this are scaled down to it (area averaging) before they become
    /// examples: a whole-frame example holds 16 float channels (22 with <see cref="WithRules"/>), and disocclusion sizes at this width are like those
    /// the converter meets. Stereo scene folders with ground truth are used at their own size (their disparity
    /// values belong to it).</summary>
    public int MaxWidth { get; init; } = 960;

    /// <summary>Frames taken from each video, spread evenly over it.</summary>
    public int FramesPerVideo { get; init; } = 12;

    public SbsLayout SbsLayout { get; init; } = SbsLayout.Full;

    /// <summary>Mean divergence (% of the width) of the warp-back pairs; each image draws its own from 0.5× to 1.5× of it,
    /// so the refiner sees narrow and wide disocclusions.</summary>
    public double WarpBackDivergence { get; init; } = 3.0;

    /// <summary>Whether examples carry the rule-based fusion's masks and content, which a network that corrects them
    /// (<c>--prior rules</c>) reads; other networks do not need them.</summary>
    public bool WithRules { get; init; }

    /// <summary>Seeds the warp-back divergences.</summary>
    public int Seed { get; init; } = 1;
}
