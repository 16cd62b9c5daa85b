using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Eq. 8's occlusion-weighted L1 of a network on whole examples, without gradients, scored on the image tiled
/// inference makes (<see cref="RefinementRegion.Apply"/>, as training scores it). The per-step losses of training
/// move with how many holes each random crop happens to hold; this is the steady measure of whether the refiner got
/// better. Frames are cut down to multiples of the network's downsampling factor (at most factor − 1 rows and columns
/// at the bottom and right are left out).
/// </summary>
public static class ValidationLoss
{
    public static double OcclusionWeightedL1(MhfuNetwork network, IReadOnlyList<TrainingExample> examples, int rimRadius = RefinerOptions.DefaultRimRadius, double alpha = ContentLoss.DefaultOcclusionWeight, double visibleWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(examples);
        TrainingExample.RequireChannels(examples, network.Architecture);
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            var sum = 0.0;
            foreach (var example in examples)
            {
                using var scope = NewDisposeScope();
                var factor = network.Architecture.DownsamplingFactor;
                var h = example.Height / factor * factor;
                var w = example.Width / factor * factor;
                var inputs = example.Inputs.narrow(1, 0, h).narrow(2, 0, w).unsqueeze(0);
                var disocclusion = example.Disocclusion.narrow(1, 0, h).narrow(2, 0, w).unsqueeze(0);
                var target = example.Target.narrow(1, 0, h).narrow(2, 0, w).unsqueeze(0);
                var output = RefinementRegion.Apply(network, inputs, disocclusion, rimRadius);
                sum += ContentLoss.OcclusionWeightedL1(output, target, inputs.narrow(1, RefinerInputs.Occlusion, 1), alpha, visibleWeight).item<float>();
            }

            return sum / examples.Count;
        }
        finally
        {
            network.train(wasTraining);
        }
    }
}
