using SpatialMe.Models.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Models.Tests.Depth;

public sealed class DepthAnythingPreprocessorTests
{
    [Theory]
    [InlineData(1920, 1080, 518, 924, 518)] // 920.9 → 66·14
    [InlineData(518, 518, 518, 518, 518)]
    [InlineData(640, 480, 518, 686, 518)] // 690.7 → 49·14
    [InlineData(1080, 1920, 518, 518, 924)]
    [InlineData(1000, 500, 392, 784, 392)]
    [InlineData(100, 100, 518, 518, 518)]
    public void Network_size_keeps_aspect_with_short_side_at_least_the_input_size_and_multiples_of_14(
        int width, int height, int inputSize, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), DepthAnythingPreprocessor.NetworkSize(width, height, inputSize));
    }

    [Fact]
    public void Rounding_below_the_input_size_takes_the_next_multiple_up()
    {
        // Short side 520 is 37.14 patches: rounding gives 518 < 520, so the reference takes the ceiling, 38 patches.
        Assert.Equal((1554, 532), DepthAnythingPreprocessor.NetworkSize(300, 100, 520));
    }

    [Fact]
    public void A_flat_frame_is_normalised_by_the_ImageNet_mean_and_std_in_RGB_order()
    {
        var frame = new RgbImage(40, 30);
        for (var i = 0; i < frame.Pixels.Length; i += 3)
        {
            (frame.Pixels[i], frame.Pixels[i + 1], frame.Pixels[i + 2]) = ((byte)200, (byte)100, (byte)50);
        }

        using var input = DepthAnythingPreprocessor.ToTensor(frame, 28);
        Assert.Equal([1L, 3, 28, 42], input.shape); // 28/30·40 = 37.3 → 3·14
        float[] expected = [(float)((200 / 255.0 - 0.485) / 0.229), (float)((100 / 255.0 - 0.456) / 0.224), (float)((50 / 255.0 - 0.406) / 0.225)];
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(expected[c] - input[0, c].min().item<float>()) < 1e-5);
            Assert.True(Math.Abs(expected[c] - input[0, c].max().item<float>()) < 1e-5);
        }
    }
}
