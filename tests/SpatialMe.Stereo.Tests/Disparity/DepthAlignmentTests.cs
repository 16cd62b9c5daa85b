using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Disparity;

public sealed class DepthAlignmentTests
{
    /// <summary>Normalised depth as the pipeline makes it: the cue estimator on three frames of a moving block.</summary>
    private static List<FloatPlane> RealLookingDepth()
    {
        var estimator = new CueDepthEstimator();
        var planes = new List<FloatPlane>();
        RgbImage? previous = null;
        for (var t = 0; t < 3; t++)
        {
            var frame = new LayeredScene(97, 71, 0, seed: 5).Add(20 + (3 * t), 15, 30, 28, 6, seed: 9, textureShift: 3 * t).Left();
            planes.Add(DepthNormalizer.NormalizeSingle(estimator.Estimate(frame, previous)));
            previous = frame;
        }

        return planes;
    }

    private static FloatPlane Map(FloatPlane plane, Func<float, float> f)
    {
        var result = new FloatPlane(plane.Width, plane.Height);
        for (var i = 0; i < plane.Data.Length; i++)
        {
            result.Data[i] = f(plane.Data[i]);
        }

        return result;
    }

    [Theory]
    [InlineData(1.3, -0.1, 2)]
    [InlineData(0.8, 0.25, 1)]
    [InlineData(1.0, 0.05, 3)]
    public void Fit_recovers_a_known_scale_and_shift(double scale, double shift, int stride)
    {
        var source = RealLookingDepth();
        var target = source.Select(p => Map(p, v => (float)((scale * v) + shift))).ToList();

        var fit = DepthAlignment.Fit(source, target, stride);

        Assert.Equal(scale, fit.Scale, 1e-6);
        Assert.Equal(shift, fit.Shift, 1e-6);
    }

    [Fact]
    public void Fit_of_identical_planes_is_exactly_the_identity()
    {
        var source = RealLookingDepth();
        var copies = source.Select(p => p.Clone()).ToList();

        Assert.Equal(AffineDepth.Identity, DepthAlignment.Fit(source, copies));
        Assert.Equal(AffineDepth.Identity, DepthAlignment.Fit(source, source, stride: 1));
        Assert.Equal((1.0, 0.0), (AffineDepth.Identity.Scale, AffineDepth.Identity.Shift));
    }

    [Fact]
    public void Fit_is_deterministic_and_skips_non_finite_pixels()
    {
        var source = RealLookingDepth();
        var target = source.Select(p => Map(p, v => (1.3f * v) - 0.1f)).ToList();
        var first = DepthAlignment.Fit(source, target);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, DepthAlignment.Fit(source, target));
        }

        // Corrupt sampled pixels on both sides: they must drop out rather than poison the sums.
        target[0][0, 0] = float.NaN;
        source[1][2, 2] = float.PositiveInfinity;
        var fit = DepthAlignment.Fit(source, target);
        Assert.Equal(1.3, fit.Scale, 1e-6);
        Assert.Equal(-0.1, fit.Shift, 1e-6);
    }

    [Fact]
    public void Flat_source_gives_scale_one_and_the_mean_difference()
    {
        var flat = new FloatPlane(10, 10);
        Array.Fill(flat.Data, 0.4f);
        var target = new FloatPlane(10, 10);
        for (var i = 0; i < target.Data.Length; i++)
        {
            target.Data[i] = (i % 2 == 0) ? 0.5f : 0.7f;
        }

        // Stride 1: half the pixels are 0.5 and half 0.7, mean 0.6.
        var fit = DepthAlignment.Fit([flat], [target], stride: 1);
        Assert.Equal(1.0, fit.Scale);
        Assert.Equal(0.6 - 0.4, fit.Shift, 1e-7);
    }

    [Fact]
    public void Mismatched_counts_and_sizes_are_rejected_naming_them()
    {
        var a = new FloatPlane(8, 6);
        var b = new FloatPlane(8, 6);
        var small = new FloatPlane(4, 6);

        var counts = Assert.Throws<ArgumentException>(() => DepthAlignment.Fit([a, b], [a]));
        Assert.Contains("2", counts.Message);
        Assert.Contains("1", counts.Message);

        var sizes = Assert.Throws<ArgumentException>(() => DepthAlignment.Fit([a, b], [a, small]));
        Assert.Contains("8x6", sizes.Message);
        Assert.Contains("4x6", sizes.Message);
        Assert.Contains("plane 1", sizes.Message);

        Assert.Throws<ArgumentException>(() => DepthAlignment.Fit([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.Fit([a], [b], stride: 0));
    }

    [Fact]
    public void Affine_apply_is_unclamped_identity_copies_exactly_and_then_composes_in_order()
    {
        var plane = RealLookingDepth()[0];
        var identity = AffineDepth.Identity.Apply(plane);
        Assert.NotSame(plane, identity);
        Assert.Equal(plane.Data, identity.Data);

        var stretch = new AffineDepth(2, 0.5);
        Assert.Equal(2.5f, stretch.Apply(new FloatPlane(1, 1, [1f]))[0, 0]); // no clamping to [0, 1]

        var inner = new AffineDepth(1.3, -0.1);
        var outer = new AffineDepth(0.7, 0.2);
        var composed = inner.Then(outer).Apply(plane);
        var sequential = outer.Apply(inner.Apply(plane));
        for (var i = 0; i < plane.Data.Length; i++)
        {
            Assert.Equal(sequential.Data[i], composed.Data[i], 1e-6f);
        }

        Assert.Equal(inner, inner.Then(AffineDepth.Identity));
        Assert.Equal(inner, AffineDepth.Identity.Then(inner));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(24)]
    public void Overlap_weights_rise_evenly_strictly_inside_zero_and_one_and_are_symmetric(int overlap)
    {
        var weights = Enumerable.Range(0, overlap).Select(j => DepthAlignment.OverlapWeight(j, overlap)).ToArray();
        Assert.All(weights, w => Assert.True(w > 0 && w < 1, $"weight {w} is not strictly inside (0, 1)"));
        for (var j = 0; j < overlap; j++)
        {
            Assert.Equal((j + 1.0) / (overlap + 1.0), weights[j], 1e-15);
            Assert.Equal(1.0, weights[j] + weights[overlap - 1 - j], 1e-15);
            if (j > 0)
            {
                Assert.True(weights[j] > weights[j - 1]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.OverlapWeight(overlap, overlap));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.OverlapWeight(-1, overlap));
    }

    [Fact]
    public void Overlap_of_one_frame_weighs_both_segments_equally()
    {
        Assert.Equal(0.5, DepthAlignment.OverlapWeight(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.OverlapWeight(0, 0));
    }

    [Fact]
    public void Cross_fade_of_planes_is_exact_at_the_ends_and_linear_between()
    {
        var depth = RealLookingDepth();
        var previous = depth[0];
        var next = depth[2];

        Assert.Equal(previous.Data, DepthAlignment.CrossFade(previous, next, 0).Data);
        Assert.Equal(next.Data, DepthAlignment.CrossFade(previous, next, 1).Data);

        var quarter = DepthAlignment.CrossFade(previous, next, 0.25);
        for (var i = 0; i < previous.Data.Length; i += 7)
        {
            Assert.Equal((0.75 * previous.Data[i]) + (0.25 * next.Data[i]), quarter.Data[i], 1e-6);
        }

        Assert.Throws<ArgumentException>(() => DepthAlignment.CrossFade(previous, new FloatPlane(3, 3), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.CrossFade(previous, next, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DepthAlignment.CrossFade(previous, next, double.NaN));
    }
}
