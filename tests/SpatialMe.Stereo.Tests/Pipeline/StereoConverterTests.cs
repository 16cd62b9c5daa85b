using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Pipeline;

public sealed class StereoConverterTests
{
    /// <summary>12 frames of a block moving over a background, then a cut to a different scene for 7 frames.</summary>
    private static List<RgbImage> TwoShots()
    {
        var frames = new List<RgbImage>();
        for (var t = 0; t < 12; t++)
        {
            frames.Add(new LayeredScene(96, 64, 0, seed: 3).Add(20 + (2 * t), 16, 24, 24, 6, seed: 8, textureShift: 2 * t).Left());
        }

        for (var t = 0; t < 7; t++)
        {
            var dark = new LayeredScene(96, 64, 0, seed: 11).Add(50 - t, 10, 30, 40, 6, seed: 12, textureShift: -t).Left();
            for (var i = 0; i < dark.Pixels.Length; i++)
            {
                dark.Pixels[i] = (byte)(dark.Pixels[i] / 3);
            }

            frames.Add(dark);
        }

        return frames;
    }

    private static List<RgbImage> Convert(IEnumerable<RgbImage> frames, ConversionSettings settings, out StereoConverter converter)
    {
        converter = new StereoConverter(new CueDepthEstimator(), settings);
        var output = new List<RgbImage>();
        foreach (var f in frames)
        {
            output.AddRange(converter.Push(f));
        }

        output.AddRange(converter.Complete());
        return output;
    }

    [Fact]
    public void Every_frame_comes_out_once_in_order_with_the_left_view_untouched_and_both_shots_counted()
    {
        var input = TwoShots();
        var output = Convert(input, ConversionSettings.Default, out var converter);

        Assert.Equal(input.Count, output.Count);
        Assert.Equal(2, converter.ShotCount);
        for (var i = 0; i < input.Count; i++)
        {
            Assert.Equal(192, output[i].Width);
            // Full SBS: the left half is the input frame, byte for byte.
            for (var y = 0; y < 64; y++)
            {
                Assert.True(input[i].ReadRow(y).SequenceEqual(output[i].ReadRow(y)[..(96 * 3)]), $"frame {i} row {y}");
            }
        }
    }

    [Fact]
    public void Conversion_is_deterministic()
    {
        var settings = ConversionSettings.Default with { Format = StereoFormat.Right };
        var a = Convert(TwoShots(), settings, out _);
        var b = Convert(TwoShots(), settings, out _);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Pixels, b[i].Pixels);
        }
    }

    [Fact]
    public void Zero_divergence_gives_a_right_view_equal_to_the_left()
    {
        var settings = ConversionSettings.Default with
        {
            Format = StereoFormat.Right,
            Disparity = new SpatialMe.Stereo.Disparity.DisparitySettings { Divergence = 0 },
        };
        var input = TwoShots();
        var output = Convert(input, settings, out _);
        for (var i = 0; i < input.Count; i++)
        {
            Assert.Equal(input[i].Pixels, output[i].Pixels);
        }
    }

    [Fact]
    public void Short_chunks_and_no_context_still_return_every_frame()
    {
        var settings = ConversionSettings.Default with { ChunkFrames = 1, ContextFrames = 0, Format = StereoFormat.HalfSbs };
        var output = Convert(TwoShots(), settings, out _);
        Assert.Equal(19, output.Count);
        Assert.All(output, o => Assert.Equal(96, o.Width));
    }
}

/// <summary>Memory must not grow with the length of the film: only the lookahead and the temporal window are held.</summary>
public sealed class StereoConverterMemoryTests
{
    [Fact]
    public void Live_memory_after_400_frames_of_one_shot_is_no_more_than_after_100()
    {
        var converter = new StereoConverter(new CueDepthEstimator(), ConversionSettings.Default with { Format = StereoFormat.Right });
        long LiveBytesAfter(int frames, ref int t)
        {
            for (var i = 0; i < frames; i++, t++)
            {
                var frame = new LayeredScene(128, 80, 0, seed: 3).Add(10 + (t % 60), 20, 30, 30, 6, seed: 8, textureShift: t % 60).Left();
                converter.Push(frame);
            }

            return GC.GetTotalMemory(forceFullCollection: true);
        }

        var t = 0;
        var after100 = LiveBytesAfter(100, ref t);
        var after400 = LiveBytesAfter(300, ref t);

        // One frame's working set here is about 0.4 MB; growth per frame would show as tens of megabytes.
        Assert.True(after400 < after100 + (4 << 20), $"live memory grew from {after100 >> 10} KB to {after400 >> 10} KB");
    }
}
