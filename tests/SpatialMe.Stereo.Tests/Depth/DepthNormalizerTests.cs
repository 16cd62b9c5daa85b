using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Depth;

public sealed class DepthNormalizerTests(ITestOutputHelper output)
{
    private const int Size = 128;

    /// <summary>A static scene: raw inverse depth rising smoothly from 1 (top-left) to 2 (bottom-right).</summary>
    private static FloatPlane StaticScene()
    {
        var plane = new FloatPlane(Size, Size);
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                plane[x, y] = 1f + ((x + y) / (2f * (Size - 1)));
            }
        }

        return plane;
    }

    private static List<FloatPlane> RunShot(DepthNormalizer normalizer, IEnumerable<FloatPlane> frames)
    {
        var produced = new List<FloatPlane>();
        foreach (var frame in frames)
        {
            produced.AddRange(normalizer.Push(frame));
        }

        produced.AddRange(normalizer.Flush());
        return produced;
    }

    [Fact]
    public void ParticlesInOneFrameMoveNoOtherPixelByOnePercentOnAnyFrame()
    {
        // 20 "snow" pixels (0.12 % of the frame) flash to an extreme nearness on frame 10 only.
        var particles = Enumerable.Range(0, 20).Select(i => ((i * 37) % Size, (i * 23) % Size)).ToHashSet();
        var clean = Enumerable.Range(0, 30).Select(_ => StaticScene()).ToList();
        var noisy = clean.Select(f => f.Clone()).ToList();
        foreach (var (x, y) in particles)
        {
            noisy[10][x, y] = 1e4f;
        }

        var expected = RunShot(new DepthNormalizer(), clean);
        var actual = RunShot(new DepthNormalizer(), noisy);

        Assert.Equal(expected.Count, actual.Count);
        var largest = 0f;
        for (var t = 0; t < actual.Count; t++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    if (!particles.Contains((x, y)))
                    {
                        largest = Math.Max(largest, Math.Abs(actual[t][x, y] - expected[t][x, y]));
                        Assert.True(Math.Abs(actual[t][x, y] - expected[t][x, y]) < 0.01f, $"frame {t} pixel ({x},{y}) moved by {actual[t][x, y] - expected[t][x, y]}");
                    }
                }
            }
        }

        output.WriteLine($"largest change of a non-particle pixel: {largest:F4}");

        // The same particles under plain min/max would squash the scene to almost nothing: the test can fail.
        var minMax = new DepthNormalizerOptions { LowPercentile = 0, HighPercentile = 100, Lookahead = 1, Decay = 0 };
        var squashed = DepthNormalizer.NormalizeSingle(noisy[10], minMax);
        Assert.True(squashed[Size - 1, Size - 1] < 0.01f);
    }

    [Fact]
    public void NearObjectEnteringChangesTheRangeSmoothlyAndAhead()
    {
        // Background in [1, 2]; from frame 20 a near object (raw 4, ~14 % of the frame) is in view: the range triples.
        const int enters = 20;
        var frames = Enumerable.Range(0, 40).Select(t =>
        {
            var f = StaticScene();
            if (t >= enters)
            {
                for (var y = Size * 5 / 16; y < Size * 11 / 16; y++)
                {
                    for (var x = Size * 5 / 16; x < Size * 11 / 16; x++)
                    {
                        f[x, y] = 4f;
                    }
                }
            }

            return f;
        }).ToList();
        var options = DepthNormalizerOptions.Default;
        var normalized = RunShot(new DepthNormalizer(options), frames);

        // Per frame the EMA moves the high end by (1 − λ)(H − M), so a background pixel's value n changes by at most
        // n·(1 − λ)·r / (1 + (1 − λ)·r), with r = (H − M)/(M − m) = (4 − 2)/(2 − 1) = 2: 0.3/1.3 ≈ 0.231 for λ = 0.85.
        // Per-frame min/max would instead jump by 1 − 1/3 ≈ 0.67 on the frame the object enters.
        var r = 2.0;
        var bound = (1 - options.Decay) * r / (1 + ((1 - options.Decay) * r));
        var probe = (Size - 1, Size - 1); // the nearest background pixel: the largest change
        var largestStep = 0.0;
        for (var t = 1; t < normalized.Count; t++)
        {
            largestStep = Math.Max(largestStep, Math.Abs(normalized[t][probe.Item1, probe.Item2] - normalized[t - 1][probe.Item1, probe.Item2]));
        }

        output.WriteLine($"largest per-frame change {largestStep:F4}, bound {bound:F4}");

        Assert.True(largestStep <= bound + 0.01, $"largest per-frame change {largestStep:F3} exceeds {bound:F3}");
        Assert.True(largestStep > 0.05, "the range never moved: the test would not see a jump");

        // Lookahead: the range starts widening before the object arrives (frame enters − lookahead + 1).
        Assert.Equal(1f, normalized[enters - options.Lookahead][probe.Item1, probe.Item2], 3);
        Assert.True(normalized[enters - 1][probe.Item1, probe.Item2] < 0.7f, "the range had not widened before the object entered");

        var perFrame = new DepthNormalizer(new DepthNormalizerOptions { Lookahead = 1, Decay = 0 });
        var jumpy = RunShot(perFrame, frames);
        Assert.True(jumpy[enters - 1][probe.Item1, probe.Item2] - jumpy[enters][probe.Item1, probe.Item2] > 0.6f);
    }

    [Fact]
    public void ResetKeepsThePreviousShotFromLeakingIntoTheNext()
    {
        var shot1 = Enumerable.Range(0, 12).Select(t => Scaled(StaticScene(), 10f + t, 5f)).ToList();
        var shot2 = Enumerable.Range(0, 12).Select(t => Scaled(StaticScene(), 1f, t < 9 ? 0f : 0.3f)).ToList();

        var normalizer = new DepthNormalizer();
        foreach (var frame in shot1.Take(10))
        {
            normalizer.Push(frame); // cut mid-shot: two frames of shot 1 are still pending, the EMA holds shot 1
        }

        normalizer.Reset();
        Assert.Equal(0, normalizer.Pending);
        var afterReset = RunShot(normalizer, shot2);
        var fresh = RunShot(new DepthNormalizer(), shot2);

        Assert.Equal(shot2.Count, afterReset.Count);
        for (var t = 0; t < shot2.Count; t++)
        {
            Assert.Equal(fresh[t].Data, afterReset[t].Data);
        }

        // Shot 2 is static for its first lookahead window, so its first frame equals the still-image normalisation.
        Assert.Equal(DepthNormalizer.NormalizeSingle(shot2[0]).Data, afterReset[0].Data);

        // Flush also starts the next shot fresh.
        RunShot(normalizer, shot1);
        Assert.Equal(fresh[0].Data, RunShot(normalizer, shot2)[0].Data);
    }

    [Theory]
    [InlineData(8, 13)]
    [InlineData(8, 5)]
    [InlineData(1, 6)]
    [InlineData(3, 3)]
    public void PushAndFlushReturnEveryFrameOnceInOrder(int lookahead, int frameCount)
    {
        // Frame i is zero but for pixel i, so the brightest output pixel names the frame it came from.
        var frames = Enumerable.Range(0, frameCount).Select(i =>
        {
            var f = new FloatPlane(16, 16);
            f.Data[i] = 1f;
            return f;
        }).ToList();
        var normalizer = new DepthNormalizer(new DepthNormalizerOptions { Lookahead = lookahead });
        var produced = new List<FloatPlane>();
        for (var i = 0; i < frameCount; i++)
        {
            var ready = normalizer.Push(frames[i]);
            Assert.Equal(i + 1 >= lookahead ? 1 : 0, ready.Count);
            produced.AddRange(ready);
            Assert.Equal(i + 1 - produced.Count, normalizer.Pending);
        }

        var rest = normalizer.Flush();
        Assert.Equal(Math.Min(frameCount, lookahead - 1), rest.Count);
        produced.AddRange(rest);
        Assert.Equal(0, normalizer.Pending);
        Assert.Empty(normalizer.Flush());

        Assert.Equal(frameCount, produced.Count);
        for (var i = 0; i < frameCount; i++)
        {
            var brightest = Array.IndexOf(produced[i].Data, produced[i].Data.Max());
            Assert.Equal(i, brightest);
        }
    }

    [Fact]
    public void OutputIsInUnitRangeNearIsOneAndFlatFramesDoNotDivideByZero()
    {
        var single = DepthNormalizer.NormalizeSingle(StaticScene());
        Assert.All(single.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, single[Size - 1, Size - 1]);
        Assert.Equal(0f, single[0, 0]);

        var flat = new FloatPlane(8, 8);
        Array.Fill(flat.Data, 3f);
        flat.Data[5] = float.NaN;
        Assert.All(DepthNormalizer.NormalizeSingle(flat).Data, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(50, 50, 8, 0.85, "percentiles")]
    [InlineData(60, 40, 8, 0.85, "percentiles")]
    [InlineData(-1, 98, 8, 0.85, "percentiles")]
    [InlineData(2, 101, 8, 0.85, "percentiles")]
    [InlineData(2, 98, 8, 1.0, "decay")]
    [InlineData(2, 98, 8, -0.1, "decay")]
    [InlineData(2, 98, 8, double.NaN, "decay")]
    [InlineData(2, 98, 0, 0.85, "lookahead")]
    public void InvalidOptionsAreRejectedWithAMessageNamingTheSetting(double low, double high, int lookahead, double decay, string named)
    {
        var options = new DepthNormalizerOptions { LowPercentile = low, HighPercentile = high, Lookahead = lookahead, Decay = decay };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(named, error.Message);
        Assert.Throws<ArgumentException>(() => new DepthNormalizer(options));
        Assert.Throws<ArgumentException>(() => DepthNormalizer.NormalizeSingle(StaticScene(), options));
    }

    [Fact]
    public void DefaultOptionsAreTheDocumentedOnesAndValid()
    {
        var d = DepthNormalizerOptions.Default;
        Assert.Equal((2.0, 98.0, 8, 0.85), (d.LowPercentile, d.HighPercentile, d.Lookahead, d.Decay));
        d.Validate();
        new DepthNormalizerOptions { LowPercentile = 0, HighPercentile = 100, Lookahead = 1, Decay = 0 }.Validate();
    }

    private static FloatPlane Scaled(FloatPlane plane, float scale, float offset)
    {
        for (var i = 0; i < plane.Data.Length; i++)
        {
            plane.Data[i] = (plane.Data[i] * scale) + offset;
        }

        return plane;
    }
}
