using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Tests.Packing;

public sealed class AnaglyphTests
{
    // luma(200,100,50) = 0.299·200 + 0.587·100 + 0.114·50 = 124.2 → 124
    // luma(50,150,220) = 0.299·50 + 0.587·150 + 0.114·220 = 128.08 → 128
    private static readonly RgbImage Left = Solid(200, 100, 50);
    private static readonly RgbImage Right = Solid(50, 150, 220);

    [Fact]
    public void HalfColor_RedIsLeftLuma_GreenBlueFromRight()
    {
        var packed = StereoPacker.Pack(StereoFormat.AnaglyphHalfColor, Left, Right, null);

        Assert.Equal(((byte)124, (byte)150, (byte)220), StereoPackerTests.Px(packed, 1, 1));
    }

    [Fact]
    public void Gray_RedIsLeftLuma_GreenAndBlueAreRightLuma()
    {
        var packed = StereoPacker.Pack(StereoFormat.AnaglyphGray, Left, Right, null);

        Assert.Equal(((byte)124, (byte)128, (byte)128), StereoPackerTests.Px(packed, 2, 0));
    }

    [Fact]
    public void Dubois_WhiteStaysWhite()
    {
        // Linear output (1.000, 0.999, 1.000) → codes within 1 of 255.
        var white = Solid(255, 255, 255);

        var (r, g, b) = StereoPackerTests.Px(StereoPacker.Pack(StereoFormat.Anaglyph, white, white, null), 0, 0);

        Assert.All(new[] { r, g, b }, c => Assert.InRange(c, (byte)254, (byte)255));
    }

    [Fact]
    public void Dubois_BlackStaysBlack()
    {
        var black = Solid(0, 0, 0);

        Assert.Equal(((byte)0, (byte)0, (byte)0), StereoPackerTests.Px(StereoPacker.Pack(StereoFormat.Anaglyph, black, black, null), 0, 0));
    }

    [Fact]
    public void Dubois_KnownColour_ThroughLinearLight()
    {
        // By hand: sRGB-decode left (200,100,50) → (0.5776, 0.1274, 0.0319) and right (50,150,220) → (0.0319, 0.3049, 0.7157);
        // Mleft·left + Mright·right = (0.2997, 0.2061, 0.8193); clamp; sRGB-encode ×255 = (148.8, 125.3, 233.6) → (149, 125, 234).
        var packed = StereoPacker.Pack(StereoFormat.Anaglyph, Left, Right, null);

        Assert.Equal(((byte)149, (byte)125, (byte)234), StereoPackerTests.Px(packed, 0, 0));
    }

    [Fact]
    public void Dubois_ClampsOutOfGamutResults()
    {
        // Pure cyan on the right drives blue to 1.141 and red to −0.039 in linear light: both must clamp.
        var packed = StereoPacker.Pack(StereoFormat.Anaglyph, Solid(0, 0, 0), Solid(0, 255, 255), null);

        var (r, _, b) = StereoPackerTests.Px(packed, 0, 0);
        Assert.Equal(0, r);
        Assert.Equal(255, b);
    }

    private static RgbImage Solid(int r, int g, int b) => StereoPackerTests.Pattern(3, 2, (_, _) => (r, g, b));
}
