using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Tests.Packing;

public sealed class DisparityPackingTests
{
    private static readonly RgbImage View = new(4, 1);

    [Fact]
    public void Disparity_MapsMinToBlackMaxToWhite_Linearly()
    {
        // Range −2 … 8: (d + 2)·25.5 → 0, 51, 127.5 → 128 (half up), 255.
        var disparity = new FloatPlane(4, 1, [-2f, 0f, 3f, 8f]);

        var packed = StereoPacker.Pack(StereoFormat.Disparity, View, View, disparity);

        Assert.Equal(new byte[] { 0, 0, 0, 51, 51, 51, 128, 128, 128, 255, 255, 255 }, packed.Pixels);
    }

    [Fact]
    public void Disparity_ConstantMapIsMidGrey()
    {
        var packed = StereoPacker.Pack(StereoFormat.Disparity, View, View, new FloatPlane(4, 1, [3.5f, 3.5f, 3.5f, 3.5f]));

        Assert.All(packed.Pixels, v => Assert.Equal(128, v));
    }

    [Fact]
    public void Disparity_NonFiniteValuesAreBlackAndDoNotSetTheRange()
    {
        var packed = StereoPacker.Pack(StereoFormat.Disparity, View, View, new FloatPlane(4, 1, [float.NaN, 1f, float.PositiveInfinity, 2f]));

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255 }, packed.Pixels);
    }

    [Fact]
    public void Disparity_WithoutMapOrWithWrongSize_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => StereoPacker.Pack(StereoFormat.Disparity, View, View, null));
        Assert.Throws<ArgumentException>(() => StereoPacker.Pack(StereoFormat.Disparity, View, View, new FloatPlane(2, 2)));
    }
}
