using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// One training example for the refiner: the network's inputs for a right view synthesised by the real pipeline, and
/// the view it should have produced. Kept as whole frames; <see cref="ExampleCropper"/> cuts the training crops, so one
/// example serves many steps.
/// </summary>
/// <param name="Inputs">13 × H × W in the <see cref="Refiner.RefinerInputs"/> layout (channel 9 is the occlusion mask),
/// or 23 with the rules' masks and content, the relative disparity and the naive fill, which a network that corrects
/// the rules needs (all, or the first 19 or 20); a network of the paper's 13 inputs reads the first 13 of either.</param>
/// <param name="Target">3 × H × W in [0, 1]: the true right view.</param>
public sealed record TrainingExample(Tensor Inputs, Tensor Target) : IDisposable
{
    /// <summary>Real stereo or warp-back; training draws from the two kinds in the share its options set.</summary>
    public ExampleKind Kind { get; init; } = ExampleKind.Stereo;

    public long Height => Inputs.shape[1];

    public long Width => Inputs.shape[2];

    public long Channels => Inputs.shape[0];

    private Tensor? _disocclusion;

    /// <summary>1 × H × W: 1 where the warp left a hole.</summary>
    public Tensor Occlusion => Inputs.narrow(0, Refiner.RefinerInputs.Occlusion, 1);

    /// <summary>1 × H × W: 1 in the disocclusions, the holes that are not the border band the left view never saw
    /// (<see cref="Refiner.Disocclusion"/>). Made once, on first use, and owned by the example.</summary>
    public Tensor Disocclusion
    {
        get
        {
            if (_disocclusion is null)
            {
                using var occlusion = Occlusion;
                _disocclusion = Refiner.Disocclusion.Of(occlusion.unsqueeze(0)).squeeze(0).DetachFromDisposeScope();
            }

            return _disocclusion;
        }
    }

    /// <summary>Throws when an example lacks input channels the network reads (the rules' channels, for a network that
    /// corrects them).</summary>
    public static void RequireChannels(IReadOnlyList<TrainingExample> examples, Refiner.MhfuArchitecture architecture)
    {
        var lacking = examples.FirstOrDefault(e => e.Channels < architecture.InputChannels);
        if (lacking is not null)
        {
            throw new ArgumentException(
                $"An example has {lacking.Channels} input channels but the network reads {architecture.InputChannels}" +
                (architecture.CorrectsRules ? ": a network that corrects the rules needs examples made with the rules' masks and content." : "."));
        }
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Target.Dispose();
        _disocclusion?.Dispose();
    }
}
