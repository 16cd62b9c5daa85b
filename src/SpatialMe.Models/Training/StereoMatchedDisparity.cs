using OpenCvSharp;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Models.Training;

/// <summary>
/// Left-view disparity of a rectified stereo pair without ground truth (a studio's native 3D title, a side-by-side
/// video), by OpenCV's semi-global block matching (StereoSGBM, 3-way mode, on the colour images). Pixels SGBM cannot
/// match — occlusions, textureless areas, failed left-right checks — are completed from the farther of their row
/// neighbours (<see cref="GroundTruthDisparity.Complete"/>), since most of them are background beside a foreground
/// edge. Deterministic.
/// </summary>
public static class StereoMatchedDisparity
{
    /// <summary>Block size of the matcher (odd): small enough to keep depth edges where they are.</summary>
    public const int BlockSize = 5;

    /// <summary>OpenCV's MODE_SGBM_3WAY (value 2): OpenCvSharp's enum names only SGBM and HH.</summary>
    private const StereoSGBMMode ThreeWay = (StereoSGBMMode)2;

    /// <summary>The disparity search range, in pixels, for an image of this width: a quarter of it (enough for the
    /// strongest comfortable 3D), rounded up to a multiple of 16 as SGBM requires, at most 256.</summary>
    public static int SearchRange(int width) => Math.Clamp((((width / 4) + 15) / 16) * 16, 16, 256);

    /// <param name="left">The left view.</param>
    /// <param name="right">The right view, rectified with the left (matching pixels on the same row).</param>
    /// <returns>Disparity of the left view in pixels (left pixel x is seen at x − d in the right view).</returns>
    public static FloatPlane Compute(RgbImage left, RgbImage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!left.SameSize(right))
        {
            throw new ArgumentException($"The right view is {right.Width}x{right.Height} but the left is {left.Width}x{left.Height}.");
        }

        using var l = ToBgr(left);
        using var r = ToBgr(right);
        const int Channels = 3;
        using var matcher = StereoSGBM.Create(
            minDisparity: 0,
            numDisparities: SearchRange(left.Width),
            blockSize: BlockSize,
            p1: 8 * Channels * BlockSize * BlockSize,
            p2: 32 * Channels * BlockSize * BlockSize,
            disp12MaxDiff: 1,
            preFilterCap: 63,
            uniquenessRatio: 10,
            speckleWindowSize: 100,
            speckleRange: 2,
            mode: ThreeWay);
        using var fixedPoint = new Mat();
        matcher.Compute(l, r, fixedPoint);
        fixedPoint.GetArray(out short[] values);
        var disparity = new FloatPlane(left.Width, left.Height);
        for (var i = 0; i < values.Length; i++)
        {
            // SGBM returns 16 × disparity; negative values mark pixels it could not match (unknown = 0 below).
            disparity.Data[i] = values[i] > 0 ? values[i] / 16f : 0f;
        }

        return GroundTruthDisparity.Complete(disparity, null);
    }

    private static Mat ToBgr(RgbImage image)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        return bgr;
    }
}
