using System.Buffers.Binary;
using System.Text;
using OpenCvSharp;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

public sealed class ImageFilesTests : IDisposable
{
    private readonly TempDirectory temp = new("media-image-");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Pfm_RoundTripsExactly_WithRowsInImageOrder()
    {
        var plane = new FloatPlane(5, 3);
        for (var i = 0; i < plane.Data.Length; i++)
        {
            plane.Data[i] = (i * 0.37f) - 2.5f;
        }

        plane[4, 2] = float.MaxValue;
        var path = temp.File("plane.pfm");

        ImageFiles.WritePfm(path, plane);
        var back = ImageFiles.ReadPfm(path);

        Assert.Equal((5, 3), (back.Width, back.Height));
        Assert.Equal(plane.Data, back.Data);
        Assert.StartsWith("Pf\n5 3\n-1", Encoding.ASCII.GetString(File.ReadAllBytes(path), 0, 10));
    }

    /// <summary>A positive scale means big-endian data; the bottom stored row is the image's top row.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pfm_ReadsBothByteOrders_BottomRowFirst(bool littleEndian)
    {
        var path = temp.File("endian.pfm");
        WritePfmByHand(path, "Pf", 2, 2, littleEndian, [3f, 4f, 1f, 2f]);

        var plane = ImageFiles.ReadPfm(path);

        Assert.Equal([1f, 2f, 3f, 4f], plane.Data);
    }

    [Fact]
    public void ColourPfm_TakesTheFirstChannel()
    {
        var path = temp.File("colour.pfm");
        WritePfmByHand(path, "PF", 2, 1, littleEndian: true, [7f, 0f, 0f, 8f, 9f, 9f]);

        var plane = ImageFiles.ReadPfm(path);

        Assert.Equal([7f, 8f], plane.Data);
    }

    [Fact]
    public void SixteenBitPng_RawValuesAreReadExactly()
    {
        var path = temp.File("depth16.png");
        ushort[] values = [0, 1, 255, 256, 1000, 40000, 65534, 65535];
        using (var mat = Mat.FromPixelData(2, 4, MatType.CV_16UC1, values))
        {
            Assert.True(Cv2.ImWrite(path, mat));
        }

        var plane = ImageFiles.ReadPlane(path);

        Assert.Equal((4, 2), (plane.Width, plane.Height));
        Assert.Equal(values.Select(v => (float)v).ToArray(), plane.Data);
    }

    [Fact]
    public void GreySavedAsColour_IsReadAsOnePlane_ButRealColourIsRejected()
    {
        var grey = temp.File("grey-rgb.png");
        var colour = temp.File("colour.png");
        ImageFiles.WritePng(grey, Frames.Solid(3, 2, 77, 77, 77));
        ImageFiles.WritePng(colour, Frames.Solid(3, 2, 77, 78, 77));

        Assert.All(ImageFiles.ReadPlane(grey).Data, v => Assert.Equal(77f, v));
        var error = Assert.Throws<MediaException>(() => ImageFiles.ReadPlane(colour));
        Assert.Contains(colour, error.Message);
    }

    /// <summary>A pixel OpenCV stores as BGR (0, 0, 255) is red, and WritePng stores red the way OpenCV expects.</summary>
    [Fact]
    public void RgbChannelOrder_IsCorrectBothWays()
    {
        var opencvRed = temp.File("opencv-red.png");
        using (var bgr = new Mat(2, 2, MatType.CV_8UC3, new Scalar(0, 0, 255)))
        {
            Assert.True(Cv2.ImWrite(opencvRed, bgr));
        }

        var ours = temp.File("ours.png");
        ImageFiles.WritePng(ours, Frames.Solid(2, 2, 10, 20, 30));

        Assert.Equal([255, 0, 0], ImageFiles.ReadRgb(opencvRed).Pixels[..3]);
        using var back = Cv2.ImRead(ours, ImreadModes.Unchanged);
        Assert.Equal(new Vec3b(30, 20, 10), back.At<Vec3b>(0, 0));
        Assert.Equal([10, 20, 30], ImageFiles.ReadRgb(ours).Pixels[..3]);
    }

    [Fact]
    public void SixteenBitColourPng_IsScaledToEightBitRgb()
    {
        var path = temp.File("colour16.png");
        using (var mat = new Mat(1, 1, MatType.CV_16UC3, new Scalar(0, 32896, 65535)))
        {
            Assert.True(Cv2.ImWrite(path, mat));
        }

        Assert.Equal([255, 128, 0], ImageFiles.ReadRgb(path).Pixels);
    }

    [Fact]
    public void FloatPlanePng_MapsMinToBlackAndMaxToWhite_Clamped()
    {
        var path = temp.File("plane.png");
        var plane = new FloatPlane(5, 1, [-1f, 0f, 0.5f, 1f, float.NaN]);

        ImageFiles.WritePng(path, plane, 0f, 1f);

        using var back = Cv2.ImRead(path, ImreadModes.Unchanged);
        Assert.Equal(1, back.Channels());
        Assert.Equal([0f, 0f, 128f, 255f, 0f], ImageFiles.ReadPlane(path).Data);
    }

    [Fact]
    public void MissingOrUnreadableImages_NameThePath()
    {
        var missing = temp.File("missing.png");
        var garbage = temp.File("garbage.png");
        File.WriteAllText(garbage, "not a png");

        Assert.Contains(missing, Assert.Throws<MediaException>(() => ImageFiles.ReadRgb(missing)).Message);
        Assert.Contains(missing, Assert.Throws<MediaException>(() => ImageFiles.ReadPfm(missing)).Message);
        Assert.Contains(garbage, Assert.Throws<MediaException>(() => ImageFiles.ReadPlane(garbage)).Message);
        Assert.Contains(garbage, Assert.Throws<MediaException>(() => ImageFiles.ReadPfm(garbage)).Message);
    }

    [SkippableFact]
    public void RealDisparityPng_ReadsAsRawValues()
    {
        var path = SharedData.RequireFile("stereo/cones/disparity_left.png");

        var plane = ImageFiles.ReadPlane(path);

        Assert.Equal((450, 375), (plane.Width, plane.Height));
        Assert.All(plane.Data, v => Assert.Equal(MathF.Round(v), v));
        Assert.InRange(plane.Data.Max(), 10f, 255f);
    }

    private static void WritePfmByHand(string path, string kind, int width, int height, bool littleEndian, float[] storedOrder)
    {
        var header = Encoding.ASCII.GetBytes($"{kind}\n{width} {height}\n{(littleEndian ? "-1.0" : "1.0")}\n");
        var data = new byte[storedOrder.Length * 4];
        for (var i = 0; i < storedOrder.Length; i++)
        {
            if (littleEndian)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), storedOrder[i]);
            }
            else
            {
                BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(i * 4), storedOrder[i]);
            }
        }

        File.WriteAllBytes(path, [.. header, .. data]);
    }
}
