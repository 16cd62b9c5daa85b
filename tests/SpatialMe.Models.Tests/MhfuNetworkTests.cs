using SpatialMe.Models.Refiner;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class MhfuNetworkTests
{
    [Fact]
    public void Output_has_six_channels_the_size_of_the_input_with_masks_and_content_in_0_1()
    {
        using var network = Networks.Seeded(Networks.Small);
        using var input = Networks.Uniform(1, 2, RefinerInputs.Channels, 24, 40);
        using var output = network.call(input);

        Assert.Equal([2L, MhfuArchitecture.OutputChannels, 24, 40], output.shape);
        Assert.True(output.min().item<float>() >= 0f);
        Assert.True(output.max().item<float>() <= 1f);
        // A sigmoid that saturated everywhere would also be in range; fresh weights give values spread inside it.
        Assert.True(output.std().item<float>() > 1e-4f);
    }

    [Fact]
    public void Input_whose_size_is_not_a_multiple_of_the_downsampling_factor_is_refused()
    {
        using var network = Networks.Seeded(Networks.Small);
        using var input = zeros(1, RefinerInputs.Channels, 24, 30);
        var error = Assert.Throws<ArgumentException>(() => network.call(input));
        Assert.Contains("multiples of 4", error.Message);

        using var wrongChannels = zeros(1, 3, 24, 24);
        Assert.Contains("N x 13 x H x W", Assert.Throws<ArgumentException>(() => network.call(wrongChannels)).Message);
    }

    [Fact]
    public void Default_network_has_the_documented_parameter_count()
    {
        // docs/models.md's table, by hand: a k×k convolution has k·k·in·out weights and out biases; c = 8 base channels.
        static long Conv(long i, long o, long k = 3) => (k * k * i * o) + o;
        const long c = 8;
        var encoder = Conv(13, c) + Conv(c, c) + Conv(c, 2 * c) + Conv(2 * c, 2 * c) + Conv(2 * c, 4 * c) + Conv(4 * c, 4 * c) + Conv(4 * c, 8 * c) + Conv(8 * c, 8 * c);
        var updates = 3 * (Conv(3 * c, c) + Conv(6 * c, 2 * c) + Conv(12 * c, 4 * c));
        var decoder = Conv(3 * c, c) + Conv(c, c) + Conv(6 * c, 2 * c) + Conv(2 * c, 2 * c) + Conv(12 * c, 4 * c) + Conv(4 * c, 4 * c);
        var head = Conv(c, c) + Conv(c, c) + Conv(c, 6, k: 1);
        using var network = Networks.Seeded(MhfuArchitecture.Default);
        Assert.Equal(encoder + updates + decoder + head, network.ParameterCount);
        Assert.Equal(233_078, network.ParameterCount);

        // The residual network reads the rules' six channels too: only the first convolution grows.
        using var residual = Networks.Seeded(MhfuArchitecture.Residual);
        Assert.Equal(network.ParameterCount + (9 * 6 * c), residual.ParameterCount);
        Assert.Equal(233_510, residual.ParameterCount);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Influence_extent_is_exactly_the_reach_of_a_single_input_pixel(int levels)
    {
        // Change one input pixel (all channels) and see which output pixels change, in float64 so that pixels the
        // change cannot reach stay bit-identical. Over all phases of the pixel against the downsampling grid, the
        // farthest changed output must lie exactly at the computed extent: output x depends on inputs x − Before …
        // x + After, so input p reaches outputs p − After … p + Before.
        var architecture = new MhfuArchitecture(RefinerInputs.Channels, 2, levels);
        var (before, after) = architecture.InfluenceExtent;
        using var network = Networks.Seeded(architecture);
        network.to(ScalarType.Float64);
        var size = 4 * architecture.TileMargin;
        using var input = Networks.Uniform(3, 1, RefinerInputs.Channels, size, size).to(ScalarType.Float64);
        using var noGrad = no_grad();
        using var reference = network.call(input);

        var reachLeft = 0;
        var reachRight = 0;
        var centre = size / 2;
        for (var phase = 0; phase < architecture.DownsamplingFactor; phase++)
        {
            var p = centre + phase;
            using var changed = input.clone();
            changed[.., .., p, p] = changed[.., .., p, p] + 0.5;
            using var output = network.call(changed);
            using var difference = (output - reference).abs().amax([0, 1]);
            var moved = difference.data<double>().ToArray();
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    if (moved[(y * size) + x] > 0)
                    {
                        Assert.InRange(x, p - after, p + before);
                        Assert.InRange(y, p - after, p + before);
                        reachLeft = Math.Max(reachLeft, p - x);
                        reachRight = Math.Max(reachRight, x - p);
                    }
                }
            }

            Assert.True(moved[(p * size) + p] > 0, "the changed pixel's own output did not change");
        }

        Assert.Equal(after, reachLeft);
        Assert.Equal(before, reachRight);
    }
}
