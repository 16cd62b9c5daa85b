using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Cuts a square training crop from an example. Most pixels of a right view are plain warped pixels that the refiner
/// only has to pass through, so a crop is centred on a random disocclusion pixel (a hole with seen pixels on both
/// sides in its row, not the border band the left view never saw) with probability <see cref="OcclusionCentredShare"/>
/// (uniformly elsewhere otherwise, and always when the frame has no disocclusion): the batches then hold enough
/// disocclusions for the α-weighted loss to learn from. The border band is still trained on, by the uniform crops
/// that reach the frame's edge; centring on it would spend most crops there, since it holds most hole pixels. Crops are flipped vertically half
/// the time; never horizontally, since that would swap which side of a foreground edge the disocclusion lies on, a
/// cue the refiner rightly learns from (in a right view the holes open on the right of foreground objects).
/// All choices come from the caller's <see cref="Random"/>, so a seeded run repeats.
/// </summary>
public static class ExampleCropper
{
    /// <summary>Share of crops centred on an occluded pixel.</summary>
    public const double OcclusionCentredShare = 0.75;

    /// <summary>The crop's inputs (19 × s × s, as the example's), target (3 × s × s) and disocclusion mask (1 × s × s, of the whole
    /// frame: <see cref="TrainingExample.Disocclusion"/>).</summary>
    public static (Tensor Inputs, Tensor Target, Tensor Disocclusion) Crop(TrainingExample example, int size, Random random)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(random);
        if (size > example.Width || size > example.Height)
        {
            throw new ArgumentException($"The crop size {size} exceeds the example, {example.Width}x{example.Height}.");
        }

        var (cx, cy) = Centre(example, random);
        var x0 = Math.Clamp(cx - (size / 2), 0, example.Width - size);
        var y0 = Math.Clamp(cy - (size / 2), 0, example.Height - size);
        var flip = random.Next(2) == 1;
        using var scope = NewDisposeScope();
        Tensor Cut(Tensor t)
        {
            var crop = t.narrow(1, y0, size).narrow(2, x0, size);
            return (flip ? crop.flip(1) : crop).contiguous().MoveToOuterDisposeScope();
        }

        return (Cut(example.Inputs), Cut(example.Target), Cut(example.Disocclusion));
    }

    private static (long X, long Y) Centre(TrainingExample example, Random random)
    {
        if (random.NextDouble() < OcclusionCentredShare)
        {
            using var holes = example.Disocclusion.nonzero();
            var count = holes.shape[0];
            if (count > 0)
            {
                var pick = random.NextInt64(count);
                return (holes[pick, 2].item<long>(), holes[pick, 1].item<long>());
            }
        }

        return (random.NextInt64(example.Width), random.NextInt64(example.Height));
    }
}
