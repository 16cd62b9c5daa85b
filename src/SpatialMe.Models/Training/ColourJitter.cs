using SpatialMe.Models.Refiner;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Colour augmentation of a training crop: one random permutation of the R, G, B channels and one random gain per
/// channel (an overall brightness times a per-channel tint, each exp(U(−s, s)) for strength s), applied alike to every
/// colour image of the crop — the three branch results, the warped frame, the rules' content and the naive fill when present — and to the
/// target, then clamped to [0, 1]. Masks are left alone. Every branch result is made from the left view by moving and
/// blending its pixels, so a per-channel gain and a channel permutation of the left view would have changed them the same
/// way (up to 8-bit rounding and the clamp): the crop stays a consistent example. What it teaches is that which branch
/// fits a hole is a matter of structure, not of the colours of the few scenes trained on.
/// </summary>
public static class ColourJitter
{
    /// <summary>Where each colour image sits in the inputs: <see cref="RefinerInputs"/>'s R G B triplets.</summary>
    private static readonly int[] ColourStarts = [RefinerInputs.Poly, RefinerInputs.De, RefinerInputs.Temporal, RefinerInputs.Warped, RefinerInputs.RuleContent, RefinerInputs.Naive];

    /// <summary>The jittered inputs (C × H × W) and target (3 × H × W). With strength 0 it returns them unchanged and draws
    /// nothing from <paramref name="random"/>, so runs without it repeat those made before it existed.</summary>
    public static (Tensor Inputs, Tensor Target) Apply(Tensor inputs, Tensor target, double strength, Random random)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(strength);
        if (strength == 0)
        {
            return (inputs, target);
        }

        var permutation = Permutations[random.Next(Permutations.Length)];
        var brightness = Math.Exp(strength * ((2 * random.NextDouble()) - 1));
        var gains = new double[3];
        for (var c = 0; c < 3; c++)
        {
            gains[c] = brightness * Math.Exp(strength * ((2 * random.NextDouble()) - 1));
        }

        // Output channel c of a colour image is gains[c] × its input channel permutation[c].
        var channels = (int)inputs.shape[0];
        var source = Enumerable.Range(0, channels).Select(i => (long)i).ToArray();
        var gain = Enumerable.Repeat(1f, channels).ToArray();
        foreach (var start in ColourStarts.Where(s => s + 3 <= channels))
        {
            for (var c = 0; c < 3; c++)
            {
                source[start + c] = start + permutation[c];
                gain[start + c] = (float)gains[c];
            }
        }

        using var scope = NewDisposeScope();
        var jittered = (inputs.index_select(0, tensor(source)) * tensor(gain).view(channels, 1, 1)).clamp(0, 1);
        var targetSource = tensor(permutation.Select(p => (long)p).ToArray());
        var targetGain = tensor(gains.Select(g => (float)g).ToArray()).view(3, 1, 1);
        var truth = (target.index_select(0, targetSource) * targetGain).clamp(0, 1);
        return (jittered.MoveToOuterDisposeScope(), truth.MoveToOuterDisposeScope());
    }

    private static readonly int[][] Permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
}
