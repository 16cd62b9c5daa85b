namespace SpatialMe.Models.Depth;

/// <summary>
/// Separable bicubic resize with OpenCV's INTER_CUBIC semantics, on double planes: source coordinate
/// (d + 0.5)·(src/dst) − 0.5 computed in float32 as OpenCV does, Keys kernel with A = −0.75 and float32 weights, source
/// indices clamped to the edge, no antialiasing when shrinking, no clamping of overshoot.
/// </summary>
internal static class CubicResize
{
    private const float A = -0.75f;

    public static double[] Resize(double[] src, int srcWidth, int srcHeight, int dstWidth, int dstHeight)
    {
        var (xIndex, xWeight) = Taps(srcWidth, dstWidth);
        var (yIndex, yWeight) = Taps(srcHeight, dstHeight);
        var rows = new double[srcHeight * dstWidth];
        for (var y = 0; y < srcHeight; y++)
        {
            for (var x = 0; x < dstWidth; x++)
            {
                double v = 0;
                for (var k = 0; k < 4; k++)
                {
                    v += src[(y * srcWidth) + xIndex[(x * 4) + k]] * xWeight[(x * 4) + k];
                }

                rows[(y * dstWidth) + x] = v;
            }
        }

        var dst = new double[dstWidth * dstHeight];
        for (var y = 0; y < dstHeight; y++)
        {
            for (var x = 0; x < dstWidth; x++)
            {
                double v = 0;
                for (var k = 0; k < 4; k++)
                {
                    v += rows[(yIndex[(y * 4) + k] * dstWidth) + x] * yWeight[(y * 4) + k];
                }

                dst[(y * dstWidth) + x] = v;
            }
        }

        return dst;
    }

    /// <summary>For each output pixel, its four source indices (clamped) and weights.</summary>
    private static (int[] Index, float[] Weight) Taps(int srcSize, int dstSize)
    {
        var scale = (double)srcSize / dstSize;
        var index = new int[dstSize * 4];
        var weight = new float[dstSize * 4];
        for (var d = 0; d < dstSize; d++)
        {
            var f = (float)(((d + 0.5) * scale) - 0.5);
            var s = (int)Math.Floor(f);
            var t = f - s;
            // OpenCV's interpolateCubic: the fourth weight is 1 minus the others, so the four sum to 1 in float32.
            var w0 = Far(t + 1);
            var w1 = Near(t);
            var w2 = Near(1 - t);
            float[] w = [w0, w1, w2, 1 - w0 - w1 - w2];
            for (var k = 0; k < 4; k++)
            {
                index[(d * 4) + k] = Math.Clamp(s - 1 + k, 0, srcSize - 1);
                weight[(d * 4) + k] = w[k];
            }
        }

        return (index, weight);
    }

    // Keys cubic: |x| ≤ 1 and 1 < |x| < 2.
    private static float Near(float x) => (((A + 2) * x - (A + 3)) * x * x) + 1;

    private static float Far(float x) => ((((A * x) - (5 * A)) * x) + (8 * A)) * x - (4 * A);
}
