using OpenCvSharp;
using SpatialMe.Stereo.Evaluation;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// Disparity of a rectified stereo pair without ground truth (a studio's native 3D title, a side-by-side video), by
/// OpenCV's semi-global block matching (StereoSGBM, 3-way mode, on the colour images). Two uses: training examples
/// (<see cref="Compute"/>: non-negative, every pixel completed) and the stereo QC (<see cref="Match"/>: signed, with
/// the pixels SGBM cannot match left unknown). Deterministic.
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

    /// <summary>
    /// Left-view disparity for training: pixels SGBM cannot match — occlusions, textureless areas, failed left-right
    /// checks — are completed from the farther of their row neighbours (<see cref="GroundTruthDisparity.Complete"/>),
    /// since most of them are background beside a foreground edge.
    /// </summary>
    /// <param name="left">The left view.</param>
    /// <param name="right">The right view, rectified with the left (matching pixels on the same row).</param>
    /// <returns>Disparity of the left view in pixels (left pixel x is seen at x − d in the right view), d ≥ 0.</returns>
    public static FloatPlane Compute(RgbImage left, RgbImage right)
    {
        var disparity = Match(left, right, 0, SearchRange(left.Width));
        for (var i = 0; i < disparity.Data.Length; i++)
        {
            // Unknown (NaN) becomes 0, which Complete fills from the row neighbours.
            disparity.Data[i] = disparity.Data[i] > 0 ? disparity.Data[i] : 0f;
        }

        return GroundTruthDisparity.Complete(disparity, null);
    }

    /// <summary>
    /// Signed left-view disparity d in [<paramref name="minDisparity"/>, <paramref name="minDisparity"/> +
    /// <paramref name="numDisparities"/>), in pixels with 1/16 precision: left pixel x is seen at x − d in the right
    /// view. NaN where SGBM found no match (its uniqueness and internal left-right checks). The images are padded
    /// left and right by the search range (edge pixels repeated) so that the matcher's unusable border falls in the
    /// padding and every real column, up to the frame edges, gets a disparity.
    /// </summary>
    /// <param name="numDisparities">A positive multiple of 16.</param>
    public static FloatPlane Match(RgbImage left, RgbImage right, int minDisparity, int numDisparities)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!left.SameSize(right))
        {
            throw new ArgumentException($"The right view is {right.Width}x{right.Height} but the left is {left.Width}x{left.Height}.");
        }

        if (numDisparities <= 0 || numDisparities % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numDisparities), $"numDisparities must be a positive multiple of 16, got {numDisparities}.");
        }

        var pad = Math.Max(Math.Abs(minDisparity), Math.Abs(minDisparity + numDisparities)) + BlockSize;
        using var l = PaddedBgr(left, pad);
        using var r = PaddedBgr(right, pad);
        const int Channels = 3;
        using var matcher = StereoSGBM.Create(
            minDisparity: minDisparity,
            numDisparities: numDisparities,
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
        var paddedWidth = left.Width + (2 * pad);
        var invalid = (minDisparity - 1) * 16;
        var disparity = new FloatPlane(left.Width, left.Height);
        for (var y = 0; y < left.Height; y++)
        {
            var row = disparity.Row(y);
            var offset = (y * paddedWidth) + pad;
            for (var x = 0; x < left.Width; x++)
            {
                // SGBM returns 16 × disparity; (minDisparity − 1) × 16 marks pixels it could not match.
                var v = values[offset + x];
                row[x] = v <= invalid ? float.NaN : v / 16f;
            }
        }

        return disparity;
    }

    private static Mat PaddedBgr(RgbImage image, int pad)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        var padded = new Mat();
        Cv2.CopyMakeBorder(bgr, padded, 0, 0, pad, pad, BorderTypes.Replicate);
        return padded;
    }
}
