using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Warping;

/// <summary>
/// Forward warp of the left view into the right view: left pixel x with disparity d lands at x − d (sub-pixel), and is
/// splatted onto the two nearest columns with linear weights. Nearer pixels win (a z-buffer on disparity with a small
/// tolerance, so pixels of one surface blend while a nearer surface replaces a farther one). Rows are independent.
/// </summary>
public static class ForwardWarp
{
    /// <summary>Disparity difference (px) within which two splats count as the same surface and blend.</summary>
    public const float SurfaceTolerance = 0.5f;

    /// <summary>A column is covered when the splat weights of its front surface add up to at least this.</summary>
    public const float CoverageThreshold = 0.5f;

    /// <summary>A visible pixel whose source lies this many pixels left of a source already passed is background seen
    /// through a gap in the foreground (a "layered hole") and is treated as a hole.</summary>
    public const float LeakTolerance = 1.5f;

    public static WarpResult Warp(RgbImage left, FloatPlane disparity)
    {
        if (!left.SameSize(disparity))
        {
            throw new ArgumentException($"Disparity {disparity.Width}x{disparity.Height} does not match image {left.Width}x{left.Height}.");
        }

        var w = left.Width;
        var h = left.Height;
        var image = new RgbImage(w, h);
        var holes = new Mask(w, h);
        var warpedDisparity = new FloatPlane(w, h);
        var outOfView = new Mask(w, h);

        Parallel.For(0, h, () => new RowScratch(w), (y, _, s) =>
        {
            WarpRow(left.ReadRow(y), disparity.ReadRow(y), s);
            Resolve(s, image.Row(y), holes.Row(y), warpedDisparity.Row(y), outOfView.Row(y));
            return s;
        }, _ => { });

        return new WarpResult(image, holes, warpedDisparity, outOfView);
    }

    private static void WarpRow(ReadOnlySpan<byte> rgb, ReadOnlySpan<float> disparity, RowScratch s)
    {
        s.Clear();
        var w = disparity.Length;
        for (var x = 0; x < w; x++)
        {
            var d = disparity[x];
            var target = x - d;
            var x0 = (int)MathF.Floor(target);
            var frac = target - x0;
            Splat(s, x0, 1f - frac, d, x, rgb, x);
            Splat(s, x0 + 1, frac, d, x, rgb, x);
        }
    }

    private static void Splat(RowScratch s, int column, float weight, float d, int source, ReadOnlySpan<byte> rgb, int x)
    {
        if (column < 0 || column >= s.Weight.Length || weight <= 1e-4f)
        {
            return;
        }

        var front = s.Front[column];
        if (d > front + SurfaceTolerance)
        {
            // A nearer surface: it hides whatever was accumulated here.
            s.R[column] = s.G[column] = s.B[column] = s.Weight[column] = s.D[column] = s.Source[column] = 0;
            s.Front[column] = d;
        }
        else if (d < front - SurfaceTolerance)
        {
            return; // hidden behind a nearer surface already here
        }
        else if (d > front)
        {
            s.Front[column] = d;
        }

        s.R[column] += weight * rgb[3 * x];
        s.G[column] += weight * rgb[(3 * x) + 1];
        s.B[column] += weight * rgb[(3 * x) + 2];
        s.D[column] += weight * d;
        s.Source[column] += weight * source;
        s.Weight[column] += weight;
    }

    private static void Resolve(RowScratch s, Span<byte> image, Span<byte> holes, Span<float> disparity, Span<byte> outOfView)
    {
        var w = s.Weight.Length;
        var maxSource = float.NegativeInfinity;
        for (var x = 0; x < w; x++)
        {
            var weight = s.Weight[x];
            if (weight < CoverageThreshold)
            {
                holes[x] = 1;
                continue;
            }

            var source = s.Source[x] / weight;
            if (source < maxSource - LeakTolerance)
            {
                // Visible sources must run left to right in the right view; one that jumps back is background leaking
                // through a gap the foreground's stretch opened, not real content.
                holes[x] = 1;
                continue;
            }

            maxSource = MathF.Max(maxSource, source);
            var inv = 1f / weight;
            image[3 * x] = ToByte(s.R[x] * inv);
            image[(3 * x) + 1] = ToByte(s.G[x] * inv);
            image[(3 * x) + 2] = ToByte(s.B[x] * inv);
            disparity[x] = s.D[x] * inv;
        }

        // Hole runs touching the image border were never seen by the left view.
        for (var x = 0; x < w && holes[x] != 0; x++)
        {
            outOfView[x] = 1;
        }

        for (var x = w - 1; x >= 0 && holes[x] != 0; x--)
        {
            outOfView[x] = 1;
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)(v + 0.5f), 0, 255);

    private sealed class RowScratch(int width)
    {
        public readonly float[] R = new float[width];
        public readonly float[] G = new float[width];
        public readonly float[] B = new float[width];
        public readonly float[] D = new float[width];
        public readonly float[] Source = new float[width];
        public readonly float[] Weight = new float[width];
        public readonly float[] Front = new float[width];

        public void Clear()
        {
            Array.Clear(R);
            Array.Clear(G);
            Array.Clear(B);
            Array.Clear(D);
            Array.Clear(Source);
            Array.Clear(Weight);
            Array.Fill(Front, float.NegativeInfinity);
        }
    }
}
