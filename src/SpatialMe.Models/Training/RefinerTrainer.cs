using SpatialMe.Models.Refiner;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Trains an <see cref="MhfuNetwork"/> against a <see cref="PatchDiscriminator"/> on a set of examples, one step at a
/// time (the paper's §III-D):
/// <list type="bullet">
/// <item>refiner: 10·L1 (eq. 8, α = 10 in occlusions; or each crop's L1 weighed by the rules' there,
/// <see cref="RefinerTrainingOptions.RelativeL1"/>) + 2·perceptual (<see cref="PerceptualLoss"/>, only when
/// <see cref="RefinerTrainingOptions.Vgg19"/> is given) + 0.1·adversarial (non-saturating: −log D(output));</item>
/// <item>discriminator: ½(−log D(real) − log(1 − D(output))), on the true right views and the refiner's outputs;</item>
/// <item>Adam, lr 1e-4, β = (0.5, 0.999), for both.</item>
/// </list>
/// The refiner's output that the losses and the discriminator see is the image tiled inference makes
/// (<see cref="RefinementRegion.Apply"/>): eqs. 1–3 within <see cref="RefinerTrainingOptions.RimRadius"/> of the
/// disocclusions, the rule-based result elsewhere. Scoring eqs. 1–3 on the whole crop instead taught the network one global
/// choice of branch driven by the visible pixels far from any hole, which inference never takes from it
/// (docs/quality.md, runs D and E).
/// Each step draws its crops from a <see cref="Random"/> seeded by the run's seed and the step number, not from one
/// generator that runs on, so the batch of step n depends on nothing but (seed, n): a run resumed at step n sees the
/// batches an uninterrupted run would. The networks are initialised from the torch generator seeded by the same seed.
/// </summary>
public sealed class RefinerTrainer : IDisposable
{
    private readonly List<TrainingExample> _stereo;
    private readonly List<TrainingExample> _warpBack;

    public RefinerTrainer(IReadOnlyList<TrainingExample> examples, RefinerTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.");
        }

        var small = examples.FirstOrDefault(e => e.Width < options.Crop || e.Height < options.Crop);
        if (small is not null)
        {
            throw new ArgumentException($"An example of {small.Width}x{small.Height} is smaller than the crop size {options.Crop}.");
        }

        TrainingExample.RequireChannels(examples, options.Architecture);
        _stereo = examples.Where(e => e.Kind == ExampleKind.Stereo).ToList();
        _warpBack = examples.Where(e => e.Kind == ExampleKind.WarpBack).ToList();
        Options = options;
        manual_seed(options.Seed);
        Network = new MhfuNetwork(options.Architecture);
        if (options.Architecture.CorrectsRules)
        {
            FusionPrior.StartAtRules(Network);
        }
        else if (options.StartAtDisparityExpansion)
        {
            FusionPrior.StartAtDisparityExpansion(Network);
        }

        Discriminator = new PatchDiscriminator();
        Network.train();
        Discriminator.train();
        RefinerOptimizer = optim.Adam(Network.parameters(), lr: options.LearningRate, beta1: options.Beta1, beta2: options.Beta2);
        DiscriminatorOptimizer = optim.Adam(Discriminator.parameters(), lr: options.LearningRate, beta1: options.Beta1, beta2: options.Beta2);
    }

    public RefinerTrainingOptions Options { get; }

    public MhfuNetwork Network { get; }

    public PatchDiscriminator Discriminator { get; }

    /// <summary>Steps done so far.</summary>
    public long Step { get; private set; }

    internal TorchSharp.Modules.Adam RefinerOptimizer { get; }

    internal TorchSharp.Modules.Adam DiscriminatorOptimizer { get; }

    /// <summary>Sets the step count of a run restored from a checkpoint (<see cref="RefinerCheckpoint.Restore"/>).</summary>
    internal void ResumeAt(long step) => Step = step;

    /// <summary>One optimisation step of both networks on a fresh batch of crops.</summary>
    public StepLosses TrainStep()
    {
        var step = Step + 1;
        var random = new Random(unchecked((Options.Seed * 1_000_003) + (int)step));
        using var scope = NewDisposeScope();
        var inputCrops = new List<Tensor>(Options.Batch);
        var targetCrops = new List<Tensor>(Options.Batch);
        var disocclusionCrops = new List<Tensor>(Options.Batch);
        for (var b = 0; b < Options.Batch; b++)
        {
            var (cutInputs, cutTarget, disocclusion) = ExampleCropper.Crop(Pick(random), Options.Crop, random);
            var (inputs, target) = ColourJitter.Apply(cutInputs, cutTarget, Options.ColourJitter, random);
            inputCrops.Add(inputs);
            targetCrops.Add(target);
            disocclusionCrops.Add(disocclusion);
        }

        var batch = stack(inputCrops, 0);
        var truth = stack(targetCrops, 0);
        var disocclusions = stack(disocclusionCrops, 0);
        var occlusion = batch.narrow(1, RefinerInputs.Occlusion, 1);

        RefinerOptimizer.zero_grad();
        var output = RefinementRegion.Apply(Network, batch, disocclusions, Options.RimRadius);
        var l1 = ContentLoss.OcclusionWeightedL1(output, truth, occlusion, Options.OcclusionWeight, Options.VisibleWeight);
        var content = Options.RelativeL1
            ? ContentLoss.RelativeToRules(output, RulesResult(batch, disocclusions), truth, occlusion, Options.OcclusionWeight, Options.VisibleWeight)
            : l1;
        var adversarial = nn.functional.softplus(-Discriminator.call(output)).mean();
        var total = (Options.L1Weight * content) + (Options.AdversarialWeight * adversarial);
        var perceptual = Options.Vgg19 is null ? null : PerceptualLoss.Compute(Options.Vgg19, output, truth);
        if (perceptual is not null)
        {
            total += Options.PerceptualWeight * perceptual;
        }

        var structural = Options.SsimWeight > 0 ? StructuralLoss.OccludedDssim(output, truth, occlusion) : null;
        if (structural is not null)
        {
            total += Options.SsimWeight * structural;
        }

        total.backward();
        RefinerOptimizer.step();

        DiscriminatorOptimizer.zero_grad();
        var real = nn.functional.softplus(-Discriminator.call(truth)).mean();
        var fake = nn.functional.softplus(Discriminator.call(output.detach())).mean();
        var discriminator = 0.5 * (real + fake);
        discriminator.backward();
        DiscriminatorOptimizer.step();

        Step = step;
        return new StepLosses(step, l1.item<float>(), adversarial.item<float>(), discriminator.item<float>(), total.item<float>(), perceptual?.item<float>() ?? 0, structural?.item<float>() ?? 0);
    }

    /// <summary>What the rule-based fusion makes of the batch, as tiled inference composes it: a correcting network's
    /// result with every correction at zero.</summary>
    private Tensor RulesResult(Tensor batch, Tensor disocclusions)
    {
        using var noGrad = no_grad();
        using var none = zeros(batch.shape[0], MhfuArchitecture.OutputChannels, batch.shape[2], batch.shape[3]);
        return RefinementRegion.Apply(batch, none, disocclusions, Options.RimRadius, HeadOutput.Residual);
    }

    /// <summary>A random example: from the warp-back ones with probability <see cref="RefinerTrainingOptions.WarpBackShare"/>
    /// when there are both kinds.</summary>
    private TrainingExample Pick(Random random)
    {
        var pool = _stereo.Count == 0 ? _warpBack
            : _warpBack.Count == 0 ? _stereo
            : random.NextDouble() < Options.WarpBackShare ? _warpBack : _stereo;
        return pool[random.Next(pool.Count)];
    }

    public void Dispose()
    {
        RefinerOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
        Network.Dispose();
        Discriminator.Dispose();
    }
}
