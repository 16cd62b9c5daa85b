using System.Diagnostics;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Inpainting;

/// <summary>
/// Hand-computed single rows for the polyline rasteriser (stereo-methods.md §2.4). Every expected byte below was worked
/// out on paper from the sub-interval walk: output = trunc(0.5 + Σ width · colour(midpoint)). In sharp mode a pixel's
/// plateau covers [c + 0.05, c + 0.95] of its shifted cell and the 0.1 px joints between plateaus blend neighbours.
/// Grey rows (R = G = B) unless stated.
/// </summary>
public sealed class PolylineRasterizerTests(ITestOutputHelper output)
{
    // Zero shift, sharp: each pixel gets 0.975 of itself and 0.0125 of each neighbour through the two 0.05 px joint
    // halves (each joint half blends 0.75/0.25 at its midpoint). So out = trunc(c + 0.5 + (a + b - 2c)/80): exact
    // wherever the second difference a + b - 2c lies in [-40, 40). This row stays within ±35, so it is reproduced.
    [Fact]
    public void ZeroShift_Sharp_ReproducesRowWhoseSecondDifferencesAreBelow40()
    {
        byte[] row = [100, 110, 130, 120, 90, 95, 105];
        var rendered = RenderRow(row, Uniform(row.Length, 0), Uniform(row.Length, 0), PolylineMode.Sharp);
        Assert.Equal(row, rendered);
    }

    // Zero shift is not exact at a hard edge in sharp mode: 1/80 of each neighbour leaks in through the joints.
    // 16|200: 0.9875·16 + 0.0125·200 = 18.3 → 18; 0.975·200 + 0.0125·(16+40) = 195.7 → 196; 0.975·40 + 0.0125·240 = 42.
    [Fact]
    public void ZeroShift_Sharp_HardEdgeLeaksOneEightiethOfEachNeighbour()
    {
        byte[] row = [16, 200, 40, 40, 40];
        var rendered = RenderRow(row, Uniform(5, 0), Uniform(5, 0), PolylineMode.Sharp);
        Assert.Equal([18, 196, 42, 40, 40], rendered);
    }

    // Zero shift, soft: each pixel's cell is split at its centre vertex and both halves interpolate toward a
    // neighbour (midpoint t = 0.25/0.75), so out = (a + 6c + b)/8: a [1, 6, 1]/8 blur, not the identity.
    // It is exact only where |a + b - 2c| < 4, e.g. on a linear ramp (the border pixel then sees 7/8 itself + 1/8 next:
    // 0.875·100 + 0.125·102 = 100.25 → 100). Hard edge: 0.875·16 + 0.125·200 = 39; (16 + 6·200 + 40)/8 = 157; 60.
    [Fact]
    public void ZeroShift_Soft_IsAOneSixOneBlurThatKeepsOnlyLinearRamps()
    {
        byte[] ramp = [100, 102, 104, 106];
        Assert.Equal(ramp, RenderRow(ramp, Uniform(4, 0), Uniform(4, 0), PolylineMode.Soft));

        byte[] edge = [16, 200, 40, 40, 40];
        Assert.Equal([39, 157, 60, 40, 40], RenderRow(edge, Uniform(5, 0), Uniform(5, 0), PolylineMode.Soft));
    }

    // Shift +2: the row moves right by two pixels and the start sentinel (colour of column 0) fills the uncovered left
    // border; shift -2: it moves left and the end sentinel (colour of the last column) fills the right border.
    // Sharp border pixel 2: 0.05·10 + 0.9·10 + 0.05·12.5 = 10.125 → 10. Soft border pixel 2: 0.5·10 + 0.5·12.5 → 11.
    [Fact]
    public void IntegerShift_MovesRowAndFillsBorderFromEdgeColourViaSentinel()
    {
        byte[] row = [10, 20, 30, 40, 50, 60];
        Assert.Equal([10, 10, 10, 20, 30, 40], RenderRow(row, Uniform(6, 2), Uniform(6, 0), PolylineMode.Sharp));
        Assert.Equal([30, 40, 50, 60, 60, 60], RenderRow(row, Uniform(6, -2), Uniform(6, 0), PolylineMode.Sharp));
        Assert.Equal([10, 10, 11, 20, 30, 40], RenderRow(row, Uniform(6, 2), Uniform(6, 0), PolylineMode.Soft));
    }

    // Channels are kept apart. Red, green, blue shifted +1 (sharp): pixel 1 = red plateau plus a 0.05 joint half
    // blending 0.75 red/0.25 green → (252, 3, 0); pixel 2 = green plateau with joint halves toward red and blue → (3, 249, 3).
    [Fact]
    public void IntegerShift_BlendsEachChannelSeparatelyAtTheJoints()
    {
        var image = new RgbImage(3, 1, [255, 0, 0, 0, 255, 0, 0, 0, 255]);
        var rendered = PolylineRasterizer.Render(image, Plane(Uniform(3, 1)), Plane(Uniform(3, 0)), PolylineMode.Sharp);
        Assert.Equal([255, 0, 0, 252, 3, 0, 3, 249, 3], rendered.Pixels);
    }

    // A near block (columns 3-4, colours 200/180, closeness 3) moves 3 px left over a static background (closeness 0).
    // It covers pixels 0-1; the segment from its last plateau end (x = 1.95, colour 180) to the next background
    // vertex (x = 5.05, colour 40) is stretched across the hole and is in front of the background there, so pixels
    // 2-4 are that ramp at their centres: 180 - 140·(x - 1.95)/3.1 at x = 2.5, 3.5, 4.5 → 155.2, 110, 64.8 → 155, 110, 65.
    // Pixel 0 = 0.05·10 (the fold leaves [0, 0.05) to the sentinel) + 0.9·200 + 0.05·195 = 190.25 → 190.
    [Fact]
    public void Disocclusion_IsFilledWithTheLinearRampBetweenTheTwoEdgeColours()
    {
        byte[] row = [10, 20, 30, 200, 180, 40, 50, 60, 70, 80];
        float[] shift = [0, 0, 0, -3, -3, 0, 0, 0, 0, 0];
        float[] closeness = [0, 0, 0, 3, 3, 0, 0, 0, 0, 0];
        byte[] expected = [190, 180, 155, 110, 65, 40, 50, 60, 70, 80];
        Assert.Equal(expected, RenderRow(row, shift, closeness, PolylineMode.Sharp));

        // The Poly branch maps disparity d to shift -d and closeness d - min d: the same row.
        float[] disparity = [0, 0, 0, 3, 3, 0, 0, 0, 0, 0];
        var right = PolyInpaint.RenderRightView(GreyImage(row), Plane(disparity), PolylineMode.Sharp);
        Assert.Equal(expected, Grey(right));
    }

    // A near block (columns 2-3, colour 200, closeness 3) moves 3 px right onto pixels 5-6 of the background
    // (closeness 0): it wins there. Pixel 6 = 0.05·200 + 0.9·200 + 0.05·72.5 (the background joint 70→80 shows in the
    // last 0.05 px past the block's plateau) = 193.6 → 194. Its old place is a disocclusion on its left, filled by the
    // ramp from 20 (x = 1.95) to 200 (x = 5.05): 52, 110, 168.
    [Fact]
    public void Occlusion_NearerBlockWinsOverBackground()
    {
        byte[] row = [10, 20, 200, 200, 50, 60, 70, 80, 90, 100];
        float[] shift = [0, 0, 3, 3, 0, 0, 0, 0, 0, 0];
        float[] closeness = [0, 0, 3, 3, 0, 0, 0, 0, 0, 0];
        Assert.Equal([10, 20, 52, 110, 168, 200, 194, 80, 90, 100], RenderRow(row, shift, closeness, PolylineMode.Sharp));
    }

    // Same motion but the background is nearer (closeness 5 > 3): the block slides behind it and stays hidden
    // (pixels 5-6 keep 60, 70), and the stretch loses to the background wherever the background has a pixel.
    // Pixel 4 = 0.05·140.5 (ramp start, [4, 4.05) has no background) + 0.9·50 + 0.05·52.5 = 54.6 → 55.
    [Fact]
    public void Occlusion_FartherBlockIsHiddenBehindNearerBackground()
    {
        byte[] row = [10, 20, 200, 200, 50, 60, 70, 80, 90, 100];
        float[] shift = [0, 0, 3, 3, 0, 0, 0, 0, 0, 0];
        float[] closeness = [5, 5, 3, 3, 5, 5, 5, 5, 5, 5];
        Assert.Equal([10, 20, 52, 110, 55, 60, 70, 80, 90, 100], RenderRow(row, shift, closeness, PolylineMode.Sharp));
    }

    // Shift 0.5 puts the pixel boundary in the middle of each cell: sharp gives 0.45 of the left source pixel, the 0.1
    // joint at its midpoint (an even blend) and 0.45 of the right one; soft gives the linear segment between the two
    // centres, whose average is the same. Both are the box-filter average (a + b)/2: 35, 130, 115, 35; pixel 0 is the
    // sentinel's colour of column 0.
    [Theory]
    [InlineData(PolylineMode.Sharp)]
    [InlineData(PolylineMode.Soft)]
    public void HalfPixelShift_GivesTheBoxFilterAverageOfNeighbours(PolylineMode mode)
    {
        byte[] row = [10, 60, 200, 30, 40];
        Assert.Equal([10, 35, 130, 115, 35], RenderRow(row, Uniform(5, 0.5f), Uniform(5, 0), mode));
    }

    // A NaN or infinite shift would break the vertex sort and walk; it is treated as no shift.
    [Fact]
    public void NonFiniteShift_IsTreatedAsZero()
    {
        byte[] row = [100, 110, 130, 120, 90];
        float[] shift = [0, float.NaN, 0, float.PositiveInfinity, 0];
        float[] closeness = [0, 0, float.NaN, 0, 0];
        Assert.Equal(row, RenderRow(row, shift, closeness, PolylineMode.Sharp));
    }

    [Fact]
    public void MismatchedPlaneSize_Throws()
    {
        var image = new RgbImage(4, 2);
        Assert.Throws<ArgumentException>(() => PolylineRasterizer.Render(image, new FloatPlane(4, 2), new FloatPlane(3, 2)));
        Assert.Throws<ArgumentException>(() => PolyInpaint.RenderRightView(image, new FloatPlane(4, 3)));
    }

    // Rows run in parallel on per-thread scratch: two renders of the same input must be byte-identical.
    [Theory]
    [InlineData(PolylineMode.Sharp)]
    [InlineData(PolylineMode.Soft)]
    public void Render_IsDeterministic(PolylineMode mode)
    {
        var (image, disparity) = SyntheticFrame.Create(480, 270, seed: 7);
        var first = PolyInpaint.RenderRightView(image, disparity, mode);
        var second = PolyInpaint.RenderRightView(image, disparity, mode);
        Assert.Equal(first.Pixels, second.Pixels);
    }

    // The Poly branch is exactly the rasteriser with shift = -d and closeness = d - min d, negative disparities included.
    [Fact]
    public void RenderRightView_EqualsRenderWithNegatedDisparityAndOffsetCloseness()
    {
        var (image, disparity) = SyntheticFrame.Create(320, 180, seed: 3);
        for (var i = 0; i < disparity.Data.Length; i++)
        {
            disparity.Data[i] -= 6f;
        }

        var min = disparity.Data.Min();
        var shift = new FloatPlane(320, 180, disparity.Data.Select(d => -d).ToArray());
        var closeness = new FloatPlane(320, 180, disparity.Data.Select(d => d - min).ToArray());
        var expected = PolylineRasterizer.Render(image, shift, closeness, PolylineMode.Sharp);
        Assert.Equal(expected.Pixels, PolyInpaint.RenderRightView(image, disparity, PolylineMode.Sharp).Pixels);
    }

    // Reports (does not assert) the time per 1920x1080 frame with a realistic disparity map (0-30 px, sharp edges).
    // The mean and the best of three frames after a warm-up, plus process CPU time per frame, because a shared build
    // machine makes wall time noisy.
    [Fact]
    public void Render_TimePer1080pFrame_IsReported()
    {
        var (image, disparity) = SyntheticFrame.Create(1920, 1080, seed: 11);
        foreach (var mode in new[] { PolylineMode.Sharp, PolylineMode.Soft })
        {
            PolyInpaint.RenderRightView(image, disparity, mode);
            const int frames = 3;
            var best = double.PositiveInfinity;
            var total = 0.0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < frames; i++)
            {
                var watch = Stopwatch.StartNew();
                PolyInpaint.RenderRightView(image, disparity, mode);
                var ms = watch.Elapsed.TotalMilliseconds;
                best = Math.Min(best, ms);
                total += ms;
            }

            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / frames;
            output.WriteLine(
                $"{mode}: {total / frames:F1} ms mean, {best:F1} ms best per 1920x1080 frame; {cpu:F1} ms CPU per frame " +
                $"({Environment.ProcessorCount} cores)");
        }
    }

    private static byte[] RenderRow(byte[] grey, float[] shift, float[] closeness, PolylineMode mode) =>
        Grey(PolylineRasterizer.Render(GreyImage(grey), Plane(shift), Plane(closeness), mode));

    private static RgbImage GreyImage(byte[] grey)
    {
        var image = new RgbImage(grey.Length, 1);
        for (var x = 0; x < grey.Length; x++)
        {
            image.Pixels[3 * x] = image.Pixels[(3 * x) + 1] = image.Pixels[(3 * x) + 2] = grey[x];
        }

        return image;
    }

    /// <summary>The red channel, after checking that the row stayed grey.</summary>
    private static byte[] Grey(RgbImage image)
    {
        var grey = new byte[image.Width];
        for (var x = 0; x < image.Width; x++)
        {
            grey[x] = image.Pixels[3 * x];
            Assert.Equal(grey[x], image.Pixels[(3 * x) + 1]);
            Assert.Equal(grey[x], image.Pixels[(3 * x) + 2]);
        }

        return grey;
    }

    private static float[] Uniform(int length, float value) => Enumerable.Repeat(value, length).ToArray();

    private static FloatPlane Plane(float[] row) => new(row.Length, 1, row);

    /// <summary>
    /// A textured frame with a realistic disparity map: a ground plane rising from 2 px (top) to 10 px (bottom) and
    /// three nearer objects with hard edges (a disc up to 30 px, two boxes at 18 and 24 px), scaled to the width.
    /// </summary>
    private static class SyntheticFrame
    {
        public static (RgbImage Image, FloatPlane Disparity) Create(int width, int height, int seed)
        {
            var random = new Random(seed);
            var image = new RgbImage(width, height);
            random.NextBytes(image.Pixels);
            for (var y = 0; y < height; y++)
            {
                var row = image.Row(y);
                for (var x = 0; x < row.Length; x++)
                {
                    // Smooth colour field plus a little noise, like a real frame rather than pure noise.
                    row[x] = (byte)((128 + (100 * Math.Sin((x * 0.01) + (y * 0.02) + (x % 3))) + (row[x] >> 4)) % 256);
                }
            }

            var scale = width / 1920f;
            var disparity = new FloatPlane(width, height);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var d = 2f + (8f * y / height);
                    var dx = (x - (0.3f * width)) / (0.12f * width);
                    var dy = (y - (0.5f * height)) / (0.25f * height);
                    if ((dx * dx) + (dy * dy) < 1)
                    {
                        d = 22f + (8f * (1 - ((dx * dx) + (dy * dy))));
                    }
                    else if (x > 0.55f * width && x < 0.7f * width && y > 0.2f * height)
                    {
                        d = 18f;
                    }
                    else if (x > 0.8f * width && x < 0.9f * width && y > 0.4f * height && y < 0.9f * height)
                    {
                        d = 24f;
                    }

                    disparity[x, y] = d * scale;
                }
            }

            return (image, disparity);
        }
    }
}
