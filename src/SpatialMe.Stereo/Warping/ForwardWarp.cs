using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Warping;

/// <summary>
/// Forward warp of the left view into the right view: left pixel x with disparity d lands at x − d (sub-pixel), and is
/// splatted onto the two nearest columns with linear weights. Nearer pixels win (a z-buffer on disparity with a small
/// tolerance, so pixels of one surface blend while a nearer surface replaces a farther one); a column the nearer surface
/// only grazes (less than <see cref="CoverageThreshold"/> of it) shows the surface behind with the edge mixed in, rather
/// than a one-pixel hole at every occluding edge that lands between columns. Rows are independent.
/// </summary>
public static class ForwardWarp
{
    /// <summary>Disparity difference (px) within which two splats count as the same surface and blend.</summary>
    public const float SurfaceTolerance = 0.5f;

    /// <summary>A column is covered when the splat weights of its front surface add up to at least this.</summary>
    public const float CoverageThreshold = 0.5f;

    /// <summary>Two neighbouring source pixels whose disparities differ by at most this belong to one continuous surface;
    /// when the warp stretches them apart, anything farther that shows through the gap between them is background leaking
    /// through that surface (a "layered hole"), not real content.</summary>
    public const float ContinuityTolerance = 1.0f;

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
            MarkLeaks(disparity.ReadRow(y), s);
            Resolve(s, image.Row(y), holes.Row(y), warpedDisparity.Row(y), outOfView.Row(y));
            return s;
        }, _ => { });

        return new WarpResult(image, holes, warpedDisparity, outOfView, EdgeFringe.Of(left, disparity, holes, outOfView, warpedDisparity));
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
            Splat(s, x0, 1f - frac, d, rgb, x);
            Splat(s, x0 + 1, frac, d, rgb, x);
        }
    }

    private static void Splat(RowScratch s, int column, float weight, float d, ReadOnlySpan<byte> rgb, int x)
    {
        if ((uint)column >= (uint)s.Front.Length || weight <= 1e-4f)
        {
            return;
        }

        // The five accumulators of a column sit side by side (R, G, B, disparity, weight): one cache line per splat.
        var acc = s.Accumulators.AsSpan(5 * column, 5);
        ref var front = ref s.Front[column];
        if (d > front + SurfaceTolerance)
        {
            // A nearer surface: it hides what was accumulated here — where it covers the column. What it hid is kept as
            // the surface behind, for a column the nearer surface only grazes (its edge pixel lands part-way in).
            acc.CopyTo(s.BackAccumulators.AsSpan(5 * column, 5));
            s.BackFront[column] = front;
            acc.Clear();
            front = d;
        }
        else if (d < front - SurfaceTolerance)
        {
            SplatBehind(s, column, weight, d, rgb, x); // hidden behind a nearer surface already here, where it covers the column
            return;
        }
        else if (d > front)
        {
            front = d;
        }

        acc[0] += weight * rgb[3 * x];
        acc[1] += weight * rgb[(3 * x) + 1];
        acc[2] += weight * rgb[(3 * x) + 2];
        acc[3] += weight * d;
        acc[4] += weight;
    }

    /// <summary>Accumulates a splat into the column's surface behind its front one (the nearest of the farther surfaces).</summary>
    private static void SplatBehind(RowScratch s, int column, float weight, float d, ReadOnlySpan<byte> rgb, int x)
    {
        var acc = s.BackAccumulators.AsSpan(5 * column, 5);
        ref var back = ref s.BackFront[column];
        if (d > back + SurfaceTolerance)
        {
            acc.Clear();
            back = d;
        }
        else if (d < back - SurfaceTolerance)
        {
            return;
        }
        else if (d > back)
        {
            back = d;
        }

        acc[0] += weight * rgb[3 * x];
        acc[1] += weight * rgb[(3 * x) + 1];
        acc[2] += weight * rgb[(3 * x) + 2];
        acc[3] += weight * d;
        acc[4] += weight;
    }

    /// <summary>Finds stretched gaps inside continuous surfaces and flags farther content that landed in them.</summary>
    private static void MarkLeaks(ReadOnlySpan<float> disparity, RowScratch s)
    {
        var w = disparity.Length;
        for (var x = 0; x + 1 < w; x++)
        {
            var d0 = disparity[x];
            var d1 = disparity[x + 1];
            var t0 = x - d0;
            var t1 = x + 1 - d1;
            if (t1 - t0 <= 1f || MathF.Abs(d0 - d1) > ContinuityTolerance)
            {
                continue;
            }

            var surface = MathF.Min(d0, d1);
            var first = Math.Max(0, (int)MathF.Floor(t0) + 1);
            var last = Math.Min(w - 1, (int)MathF.Ceiling(t1) - 1);
            for (var c = first; c <= last; c++)
            {
                s.Stretched[c] = true;
                if (s.Front[c] < surface - SurfaceTolerance)
                {
                    s.Leaked[c] = true;
                }
            }
        }
    }

    private static void Resolve(RowScratch s, Span<byte> image, Span<byte> holes, Span<float> disparity, Span<byte> outOfView)
    {
        var w = s.Front.Length;
        var accumulators = s.Accumulators;
        for (var x = 0; x < w; x++)
        {
            var acc = accumulators.AsSpan(5 * x, 5);
            var weight = acc[4];
            if (s.Leaked[x])
            {
                holes[x] = 1;
                continue;
            }

            if (weight < CoverageThreshold)
            {
                // The front surface only grazes this column (its edge): where the surface behind it covers the rest, the
                // pixel is that surface with the edge mixed in, as a camera's edge pixel is; with nothing behind, a hole.
                // Inside a stretched continuous surface it is no edge: what is behind must not show through (a hole).
                var back = s.BackAccumulators.AsSpan(5 * x, 5);
                if (back[4] < CoverageThreshold || s.Stretched[x])
                {
                    holes[x] = 1;
                    continue;
                }

                var rest = (1f - weight) / back[4];
                image[3 * x] = ToByte(acc[0] + (back[0] * rest));
                image[(3 * x) + 1] = ToByte(acc[1] + (back[1] * rest));
                image[(3 * x) + 2] = ToByte(acc[2] + (back[2] * rest));
                disparity[x] = back[3] / back[4];
                continue;
            }

            var inv = 1f / weight;
            image[3 * x] = ToByte(acc[0] * inv);
            image[(3 * x) + 1] = ToByte(acc[1] * inv);
            image[(3 * x) + 2] = ToByte(acc[2] * inv);
            disparity[x] = acc[3] * inv;
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
        public readonly float[] Accumulators = new float[5 * width];
        public readonly float[] Front = new float[width];
        public readonly float[] BackAccumulators = new float[5 * width];
        public readonly float[] BackFront = new float[width];
        public readonly bool[] Leaked = new bool[width];
        public readonly bool[] Stretched = new bool[width];

        public void Clear()
        {
            Array.Clear(Accumulators);
            Array.Clear(BackAccumulators);
            Array.Clear(Leaked);
            Array.Clear(Stretched);
            Array.Fill(Front, float.NegativeInfinity);
            Array.Fill(BackFront, float.NegativeInfinity);
        }
    }
}
