using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Tests.Packing;

public sealed class StereoPackerTests
{
    private const int W = 6;
    private const int H = 4;

    // Distinct patterns: every left pixel differs from every right pixel (left blue is 10, right blue is 250).
    private static readonly RgbImage Left = Pattern(W, H, (x, y) => ((x * 37) + 3, (y * 51) + 7, 10));
    private static readonly RgbImage Right = Pattern(W, H, (x, y) => (250 - (x * 29), 240 - (y * 43), 250));

    [Theory]
    [InlineData(StereoFormat.FullSbs, 2 * W, H)]
    [InlineData(StereoFormat.Cross, 2 * W, H)]
    [InlineData(StereoFormat.HalfSbs, W, H)]
    [InlineData(StereoFormat.FullTb, W, 2 * H)]
    [InlineData(StereoFormat.HalfTb, W, H)]
    [InlineData(StereoFormat.Anaglyph, W, H)]
    [InlineData(StereoFormat.AnaglyphHalfColor, W, H)]
    [InlineData(StereoFormat.AnaglyphGray, W, H)]
    [InlineData(StereoFormat.Right, W, H)]
    [InlineData(StereoFormat.Disparity, W, H)]
    public void OutputSize_AndPackedImageSize_MatchTheFormat(StereoFormat format, int width, int height)
    {
        Assert.Equal((width, height), StereoPacker.OutputSize(format, W, H));

        var packed = StereoPacker.Pack(format, Left, Right, new FloatPlane(W, H));

        Assert.Equal((width, height), (packed.Width, packed.Height));
    }

    [Fact]
    public void FullSbs_PutsLeftThenRight()
    {
        var packed = StereoPacker.Pack(StereoFormat.FullSbs, Left, Right, null);

        ForEachPixel(packed, (x, y) => Assert.Equal(x < W ? Px(Left, x, y) : Px(Right, x - W, y), Px(packed, x, y)));
    }

    [Fact]
    public void Cross_SwapsTheViews()
    {
        var packed = StereoPacker.Pack(StereoFormat.Cross, Left, Right, null);

        ForEachPixel(packed, (x, y) => Assert.Equal(x < W ? Px(Right, x, y) : Px(Left, x - W, y), Px(packed, x, y)));
    }

    [Fact]
    public void FullTb_PutsLeftOverRight()
    {
        var packed = StereoPacker.Pack(StereoFormat.FullTb, Left, Right, null);

        ForEachPixel(packed, (x, y) => Assert.Equal(y < H ? Px(Left, x, y) : Px(Right, x, y - H), Px(packed, x, y)));
    }

    [Fact]
    public void HalfSbs_AveragesHorizontalPairs_LeftThenRight()
    {
        var packed = StereoPacker.Pack(StereoFormat.HalfSbs, Left, Right, null);

        ForEachPixel(packed, (x, y) =>
        {
            var (view, j) = x < W / 2 ? (Left, x) : (Right, x - (W / 2));
            Assert.Equal(RoundedMean(Px(view, 2 * j, y), Px(view, (2 * j) + 1, y)), Px(packed, x, y));
        });
    }

    [Fact]
    public void HalfTb_AveragesVerticalPairs_LeftOnTop()
    {
        var packed = StereoPacker.Pack(StereoFormat.HalfTb, Left, Right, null);

        ForEachPixel(packed, (x, y) =>
        {
            var (view, j) = y < H / 2 ? (Left, y) : (Right, y - (H / 2));
            Assert.Equal(RoundedMean(Px(view, x, 2 * j), Px(view, x, (2 * j) + 1)), Px(packed, x, y));
        });
    }

    [Fact]
    public void HalfSbs_OddWidth_GivesLeftCeilAndRightFloorColumnsWithExactBoxCoverage()
    {
        // W = 5: left → 3 columns of 5/3 source pixels, right → 2 columns of 5/2. Red channel by hand:
        // left [0,30,60,90,120]: (0·3+30·2)/5 = 12, (30+60·3+90)/5 = 60.4 → 60, (90·2+120·3)/5 = 108.
        // right [10,20,30,40,50]: (10·2+20·2+30)/5 = 18, (30+40·2+50·2)/5 = 42.
        var left = Pattern(5, 1, (x, _) => (x * 30, 0, 0));
        var right = Pattern(5, 1, (x, _) => (10 + (x * 10), 0, 0));

        var packed = StereoPacker.Pack(StereoFormat.HalfSbs, left, right, null);

        Assert.Equal(5, packed.Width);
        Assert.Equal(new byte[] { 12, 60, 108, 18, 42 }, Enumerable.Range(0, 5).Select(x => packed.Pixels[3 * x]));
    }

    [Fact]
    public void HalfTb_OddHeight_GivesLeftCeilAndRightFloorRows()
    {
        // The transpose of the odd-width case: same hand-computed values down one column.
        var left = Pattern(1, 5, (_, y) => (0, y * 30, 0));
        var right = Pattern(1, 5, (_, y) => (0, 10 + (y * 10), 0));

        var packed = StereoPacker.Pack(StereoFormat.HalfTb, left, right, null);

        Assert.Equal(new byte[] { 12, 60, 108, 18, 42 }, Enumerable.Range(0, 5).Select(y => packed.Pixels[(3 * y) + 1]));
    }

    [Fact]
    public void HalfFormats_RejectViewsTooSmallToSplit()
    {
        var column = new RgbImage(1, 4);
        var row = new RgbImage(4, 1);
        Assert.Throws<ArgumentException>(() => StereoPacker.Pack(StereoFormat.HalfSbs, column, column, null));
        Assert.Throws<ArgumentException>(() => StereoPacker.Pack(StereoFormat.HalfTb, row, row, null));
    }

    [Fact]
    public void Right_IsTheRightViewAlone()
    {
        var packed = StereoPacker.Pack(StereoFormat.Right, Left, Right, null);

        Assert.Equal(Right.Pixels, packed.Pixels);
        Assert.NotSame(Right.Pixels, packed.Pixels);
    }

    [Fact]
    public void MismatchedViewSizes_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => StereoPacker.Pack(StereoFormat.FullSbs, Left, new RgbImage(W, H + 1), null));
    }

    internal static RgbImage Pattern(int width, int height, Func<int, int, (int R, int G, int B)> colour)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = colour(x, y);
                image.Row(y)[3 * x] = checked((byte)r);
                image.Row(y)[(3 * x) + 1] = checked((byte)g);
                image.Row(y)[(3 * x) + 2] = checked((byte)b);
            }
        }

        return image;
    }

    internal static (byte R, byte G, byte B) Px(RgbImage image, int x, int y)
    {
        var p = image.ReadRow(y).Slice(3 * x, 3);
        return (p[0], p[1], p[2]);
    }

    private static (byte R, byte G, byte B) RoundedMean((byte R, byte G, byte B) a, (byte R, byte G, byte B) b) =>
        ((byte)((a.R + b.R + 1) / 2), (byte)((a.G + b.G + 1) / 2), (byte)((a.B + b.B + 1) / 2));

    private static void ForEachPixel(RgbImage image, Action<int, int> check)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                check(x, y);
            }
        }
    }
}
