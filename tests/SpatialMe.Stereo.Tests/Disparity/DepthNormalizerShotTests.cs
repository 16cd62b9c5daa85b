using System.Runtime.InteropServices;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Disparity;

/// <summary>
/// The split normalisation a farm uses (per-frame ranges → shot ranges → apply) must give the same bytes as the
/// streaming normaliser, or segments rendered on different machines would not match the one-machine result.
/// </summary>
public sealed class DepthNormalizerShotTests
{
    /// <summary>
    /// Raw depth that changes over the shot in every way the range can: a background whose scale and offset drift, a
    /// near block that enters at frame 12 and grows, noise, a few specks and a NaN.
    /// </summary>
    private static List<FloatPlane> VariedShot(int frames, int width = 80, int height = 60)
    {
        var random = new Random(17);
        var shot = new List<FloatPlane>();
        for (var t = 0; t < frames; t++)
        {
            var plane = new FloatPlane(width, height);
            var scale = 1f + (0.05f * t);
            var offset = 0.3f * MathF.Sin(t * 0.4f);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    plane[x, y] = offset + (scale * (1f + ((float)y / height))) + (0.02f * (float)random.NextDouble());
                }
            }

            if (t >= 12)
            {
                var size = 8 + t - 12;
                for (var y = 10; y < Math.Min(height, 10 + size); y++)
                {
                    for (var x = 20 + t; x < Math.Min(width, 20 + t + size); x++)
                    {
                        plane[x, y] = 4f + (0.1f * t);
                    }
                }
            }

            plane[(7 * t) % width, (5 * t) % height] = 50f;
            plane[3, 3] = float.NaN;
            shot.Add(plane);
        }

        return shot;
    }

    private static List<FloatPlane> Streamed(IEnumerable<FloatPlane> raw, DepthNormalizerOptions options)
    {
        var normalizer = new DepthNormalizer(options);
        var output = new List<FloatPlane>();
        foreach (var frame in raw)
        {
            output.AddRange(normalizer.Push(frame));
        }

        output.AddRange(normalizer.Flush());
        return output;
    }

    private static List<FloatPlane> Split(IReadOnlyList<FloatPlane> raw, DepthNormalizerOptions options)
    {
        // As the farm does it: ranges computed frame by frame (anywhere), the shot's ranges once, then each frame.
        var perFrame = raw.Select(f => DepthNormalizer.FrameRange(f, options)).ToList();
        var ranges = DepthNormalizer.ShotRanges(perFrame, options);
        Assert.Equal(raw.Count, ranges.Count);
        return raw.Select((f, t) => DepthNormalizer.Apply(f, ranges[t])).ToList();
    }

    [Theory]
    [InlineData(30, 8, 0.85)]
    [InlineData(5, 8, 0.85)]  // shorter than the lookahead: everything comes out of the flush
    [InlineData(8, 8, 0.85)]  // exactly one lookahead
    [InlineData(17, 1, 0.0)]  // no lookahead, no smoothing
    [InlineData(1, 8, 0.85)]
    public void Split_normalisation_is_byte_identical_to_the_streaming_normaliser(int frames, int lookahead, double decay)
    {
        var options = new DepthNormalizerOptions { Lookahead = lookahead, Decay = decay };
        var raw = VariedShot(frames);

        var streamed = Streamed(raw, options);
        var split = Split(raw, options);

        Assert.Equal(frames, streamed.Count);
        for (var t = 0; t < frames; t++)
        {
            Assert.True(
                MemoryMarshal.AsBytes(streamed[t].Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(split[t].Data.AsSpan())),
                $"frame {t} differs");
        }
    }

    [Fact]
    public void Shot_ranges_follow_the_lookahead_window_and_the_average()
    {
        // Lows 0 throughout; highs 1 except one frame at 3: with lookahead 2 and no smoothing, frames 4 and 5 see it.
        var perFrame = Enumerable.Range(0, 8).Select(t => new DepthRange(0, t == 5 ? 3 : 1)).ToList();
        var plain = DepthNormalizer.ShotRanges(perFrame, new DepthNormalizerOptions { Lookahead = 2, Decay = 0 });
        Assert.Equal([1f, 1f, 1f, 1f, 3f, 3f, 1f, 1f], plain.Select(r => r.High));
        Assert.All(plain, r => Assert.Equal(0f, r.Low));

        // With decay ½ the first window starts the average, then each step moves half way.
        var smooth = DepthNormalizer.ShotRanges(perFrame, new DepthNormalizerOptions { Lookahead = 2, Decay = 0.5 });
        Assert.Equal([1f, 1f, 1f, 1f, 2f, 2.5f, 1.75f, 1.375f], smooth.Select(r => r.High));

        Assert.Empty(DepthNormalizer.ShotRanges([], DepthNormalizerOptions.Default));
    }

    [Fact]
    public void Frame_range_is_the_percentile_range_and_apply_maps_it_to_the_unit_interval()
    {
        var plane = new FloatPlane(101, 1);
        for (var x = 0; x <= 100; x++)
        {
            plane[x, 0] = x;
        }

        var range = DepthNormalizer.FrameRange(plane, DepthNormalizerOptions.Default);
        Assert.Equal(new DepthRange(2, 98), range);
        var n = DepthNormalizer.Apply(plane, range);
        Assert.Equal(0f, n[1, 0]);
        Assert.Equal(0.5f, n[50, 0]);
        Assert.Equal(1f, n[99, 0]);
        Assert.Equal(DepthNormalizer.NormalizeSingle(plane).Data, n.Data);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var bad = new DepthNormalizerOptions { Lookahead = 0 };
        Assert.Throws<ArgumentException>(() => DepthNormalizer.ShotRanges([new DepthRange(0, 1)], bad));
        Assert.Throws<ArgumentException>(() => DepthNormalizer.FrameRange(new FloatPlane(4, 4), bad));
    }
}
