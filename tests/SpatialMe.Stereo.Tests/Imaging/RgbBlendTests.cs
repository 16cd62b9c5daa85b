using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Imaging;

public sealed class RgbBlendTests
{
    private static RgbImage Frame(int seed) => new LayeredScene(33, 17, 0, seed: seed).Left();

    [Fact]
    public void Weight_zero_copies_the_previous_frame_and_weight_one_the_next()
    {
        var previous = Frame(1);
        var next = Frame(2);

        var atZero = RgbBlend.CrossFade(previous, next, 0);
        var atOne = RgbBlend.CrossFade(previous, next, 1);

        Assert.NotSame(previous, atZero);
        Assert.NotSame(next, atOne);
        Assert.Equal(previous.Pixels, atZero.Pixels);
        Assert.Equal(next.Pixels, atOne.Pixels);
    }

    [Fact]
    public void Between_the_ends_each_channel_is_the_weighted_mean_rounded_to_nearest()
    {
        var previous = new RgbImage(2, 1, [10, 0, 200, 0, 100, 255]);
        var next = new RgbImage(2, 1, [13, 255, 100, 1, 101, 0]);

        Assert.Equal([12, 128, 150, 1, 101, 128], RgbBlend.CrossFade(previous, next, 0.5).Pixels); // halves round up
        Assert.Equal([11, 64, 175, 0, 100, 191], RgbBlend.CrossFade(previous, next, 0.25).Pixels);

        var a = Frame(3);
        var b = Frame(4);
        var blended = RgbBlend.CrossFade(a, b, 0.3);
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            var exact = (0.7 * a.Pixels[i]) + (0.3 * b.Pixels[i]);
            Assert.True(Math.Abs(blended.Pixels[i] - exact) <= 0.5 + 1e-9, $"byte {i}: {blended.Pixels[i]} for {exact}");
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Frames_that_agree_are_kept_at_any_weight(double weight)
    {
        var frame = Frame(5);
        Assert.Equal(frame.Pixels, RgbBlend.CrossFade(frame, frame.Clone(), weight).Pixels);
    }

    [Fact]
    public void Mismatched_sizes_and_weights_outside_zero_to_one_are_rejected()
    {
        var frame = Frame(1);
        var error = Assert.Throws<ArgumentException>(() => RgbBlend.CrossFade(frame, new RgbImage(32, 17), 0.5));
        Assert.Contains("33x17", error.Message);
        Assert.Contains("32x17", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RgbBlend.CrossFade(frame, frame, -0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => RgbBlend.CrossFade(frame, frame, double.NaN));
    }
}
