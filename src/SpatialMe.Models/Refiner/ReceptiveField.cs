namespace SpatialMe.Models.Refiner;

/// <summary>
/// The exact extent of the input that one output pixel of an <see cref="MhfuNetwork"/> depends on, followed through
/// the network's layers in the order <see cref="MhfuNetwork"/> applies them. A feature pixel j at scale s (s = 2^m full
/// pixels per feature pixel) covers full pixels s·j … s·j + s − 1 and depends on full pixels from Before to the left of
/// that block to After to the right of it:
/// <list type="bullet">
/// <item>3×3 convolution, stride 1, at scale s: taps j − 1 … j + 1, so both grow by s.</item>
/// <item>3×3 convolution, stride 2, pad 1, from scale s to 2s: taps 2j − 1 … 2j + 1 of the finer map, whose blocks
/// span s·(2j − 1) … s·(2j + 2) − 1: Before grows by s, After does not.</item>
/// <item>Bilinear ×2 upsampling (half-pixel centres) from 2s to s: fine pixel 2k reads coarse k − 1 and k, fine 2k + 1
/// reads k and k + 1; against the fine block both grow by 2s (at worst).</item>
/// <item>Concatenation and element-wise operations take the larger extent of their inputs; 1×1 convolutions add
/// nothing.</item>
/// </list>
/// The tests check the result against the network itself by perturbing single input pixels.
/// </summary>
internal static class ReceptiveField
{
    public static (int Before, int After) Of(MhfuArchitecture architecture)
    {
        var levels = architecture.Levels;
        var encoded = new Extent[levels];
        var current = new Extent(0, 0);
        for (var m = 0; m < levels; m++)
        {
            var scale = 1 << m;
            current = m == 0 ? current.Conv(1) : current.StridedConv(scale / 2);
            current = current.Conv(scale);
            encoded[m] = current;
        }

        // Feature update units: level m with the upsampled encoder feature of level m + 1, one 3×3 convolution.
        var updated = new Extent[levels - 1];
        for (var m = 0; m < levels - 1; m++)
        {
            var scale = 1 << m;
            updated[m] = Extent.Max(encoded[m], encoded[m + 1].Upsampled(scale)).Conv(scale);
        }

        // Decoder: from the deepest encoder feature up, each level two 3×3 convolutions on [upsampled, updated skip].
        var decoded = encoded[levels - 1];
        for (var m = levels - 2; m >= 0; m--)
        {
            var scale = 1 << m;
            decoded = Extent.Max(decoded.Upsampled(scale), updated[m]).Conv(scale).Conv(scale);
        }

        // Head: two 3×3 convolutions and a 1×1.
        decoded = decoded.Conv(1).Conv(1);
        return (decoded.Before, decoded.After);
    }

    private readonly record struct Extent(int Before, int After)
    {
        public Extent Conv(int scale) => new(Before + scale, After + scale);

        public Extent StridedConv(int finerScale) => new(Before + finerScale, After);

        public Extent Upsampled(int finerScale) => new(Before + (2 * finerScale), After + (2 * finerScale));

        public static Extent Max(Extent a, Extent b) => new(Math.Max(a.Before, b.Before), Math.Max(a.After, b.After));
    }
}
