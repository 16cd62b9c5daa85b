using SpatialMe.Models.Refiner;

namespace SpatialMe.Models.Training;

/// <summary>
/// Settings of a refiner training run. The loss weights and optimiser settings default to the paper's (§III-D):
/// total = 10·L1 + 2·perceptual + 0.1·adversarial (plus an optional structural term, <see cref="SsimWeight"/>), Adam with lr 1e-4 and β = (0.5, 0.999) for both networks.
/// </summary>
public sealed record RefinerTrainingOptions
{
    public MhfuArchitecture Architecture { get; init; } = MhfuArchitecture.Default;

    /// <summary>Side of the square training crops; a multiple of the network's downsampling factor and of 8 (the
    /// discriminator's).</summary>
    public int Crop { get; init; } = 256;

    public int Batch { get; init; } = 4;

    /// <summary>Seeds the weights' initialisation and every sampling choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>α of eq. 8: weight of occluded pixels in the L1 term.</summary>
    public double OcclusionWeight { get; init; } = ContentLoss.DefaultOcclusionWeight;

    /// <summary>Weight of visible pixels in the L1 term (1 in eq. 8; <see cref="ContentLoss"/> says why it is a
    /// setting).</summary>
    public double VisibleWeight { get; init; } = 1;

    public double L1Weight { get; init; } = 10;

    public double AdversarialWeight { get; init; } = 0.1;

    public double LearningRate { get; init; } = 1e-4;

    public double Beta1 { get; init; } = 0.5;

    public double Beta2 { get; init; } = 0.999;

    /// <summary>Share of crops drawn from warp-back examples when there are both kinds (the rest from real stereo);
    /// with one kind only, every crop comes from it.</summary>
    public double WarpBackShare { get; init; } = 0.5;

    /// <summary>Start the head's masks at the DE branch (M1 ≈ 0, M2 ≈ M3 ≈ 1) rather than at ½ each
    /// (<see cref="FusionPrior"/>). A network that corrects the rules (<see cref="HeadOutput.Residual"/>) always starts
    /// at the rules instead.</summary>
    public bool StartAtDisparityExpansion { get; init; } = true;

    /// <summary>The rim radius of the tiled inference the network is trained for (<see cref="RefinerOptions.RimRadius"/>):
    /// the losses score eqs. 1–3 within it of the holes and the temporal branch elsewhere
    /// (<see cref="RefinementRegion"/>).</summary>
    public int RimRadius { get; init; } = RefinerOptions.DefaultRimRadius;

    /// <summary>Weight of the structural term (<see cref="StructuralLoss"/>, not in the paper): 0, the default, leaves
    /// it out.</summary>
    public double SsimWeight { get; init; }

    /// <summary>Strength of the colour augmentation of training crops (<see cref="ColourJitter"/>), 0–1: gains up to
    /// exp(±strength) per channel and overall, and a random channel order. 0, the default, leaves crops as they are.</summary>
    public double ColourJitter { get; init; }

    /// <summary>Weigh each crop's L1 by the rule-based fusion's L1 on it (<see cref="Refiner.ContentLoss.RelativeToRules"/>;
    /// not in the paper): a crop the rules already fill well counts as much, per unit of relative error, as one they
    /// fill badly, so gains on hard holes cannot be bought with losses on easy ones. Only for a network that corrects
    /// the rules, which has their result to hand. Off by default.</summary>
    public bool RelativeL1 { get; init; }

    /// <summary>Weight of the perceptual term, used when <see cref="Vgg19"/> is given.</summary>
    public double PerceptualWeight { get; init; } = 2;

    /// <summary>The frozen VGG19 the perceptual term measures with (<see cref="Vgg19Weights.Read"/>); null turns the
    /// term off. The caller owns it: one loaded network can serve several trainers, and the file is large to re-read.</summary>
    public Vgg19Features? Vgg19 { get; init; }

    /// <summary>Throws when the settings cannot train.</summary>
    public void Validate()
    {
        Architecture.Validate();
        var factor = Math.Max(Architecture.DownsamplingFactor, 8);
        if (Crop < factor || Crop % factor != 0)
        {
            throw new ArgumentException($"The crop size must be a positive multiple of {factor}, got {Crop}.");
        }

        if (!(WarpBackShare >= 0 && WarpBackShare <= 1))
        {
            throw new ArgumentException($"The warp-back share must be between 0 and 1, got {WarpBackShare}.");
        }

        if (!(VisibleWeight >= 0 && VisibleWeight <= OcclusionWeight))
        {
            throw new ArgumentException($"The visible pixels' weight must be between 0 and the occluded pixels' ({OcclusionWeight}), got {VisibleWeight}.");
        }

        if (!(AdversarialWeight >= 0))
        {
            throw new ArgumentException($"The adversarial weight must be at least 0, got {AdversarialWeight}.");
        }

        if (RimRadius < 0)
        {
            throw new ArgumentException($"The rim radius must be at least 0, got {RimRadius}.");
        }

        if (Batch < 1)
        {
            throw new ArgumentException($"The batch size must be at least 1, got {Batch}.");
        }

        if (!(SsimWeight >= 0))
        {
            throw new ArgumentException($"The SSIM weight must be at least 0, got {SsimWeight}.");
        }

        if (!(ColourJitter >= 0 && ColourJitter <= 1))
        {
            throw new ArgumentException($"The colour jitter must be between 0 and 1, got {ColourJitter}.");
        }

        if (RelativeL1 && !Architecture.CorrectsRules)
        {
            throw new ArgumentException("The relative L1 weighs each crop by the rule-based fusion's error there, so it needs a network that corrects the rules (--prior rules).");
        }

        if (!(PerceptualWeight >= 0))
        {
            throw new ArgumentException($"The perceptual weight must be at least 0, got {PerceptualWeight}.");
        }
    }
}
