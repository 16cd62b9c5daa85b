using System.Numerics;
using System.Runtime.InteropServices;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Metrics;

/// <summary>
/// Mean SSIM (Wang et al. 2004) of two RGB images, per channel and averaged over R, G and B.
/// </summary>
/// <remarks>
/// <para>
/// Window convention: the SSIM map is computed at every pixel ("same"-size filtering), the 11×11 Gaussian window
/// reaching past the image being filled by symmetric reflection (<see cref="SymmetricBorder"/>, SciPy's
/// <c>mode="reflect"</c>). Every pixel therefore has an SSIM value, which a region mask needs; the mean is taken
/// over all pixels of the region. (scikit-image with <c>gaussian_weights=True</c> filters the same way but then
/// drops a 5-pixel border before averaging, so its numbers differ slightly near the edges.)
/// </para>
/// <para>
/// The five local moments (μx, μy, E[x²], E[y²], E[xy]) are filtered separably in double precision: a vertical pass
/// per output row, then a horizontal pass fused with the SSIM formula, so no full-size intermediate planes exist.
/// Double precision matters: σ² = E[x²] − μ² cancels catastrophically in float for flat regions (whose true
/// variance is 0), which would be visible against C2. Channels stay interleaved (the horizontal taps step by 3
/// elements), so one pass serves R, G and B. Each row's SSIM sum goes to its own slot and the slots are added in
/// row order, so the result does not depend on thread scheduling.
/// </para>
/// </remarks>
internal static class GaussianSsim
{
    private const int RowsPerBlock = 32;
    private const int R = SsimWindow.Radius;

    /// <summary>Mean over the region of the channel-averaged SSIM map. <paramref name="pixelCount"/> must be &gt; 0.</summary>
    public static double Mean(RgbImage reference, RgbImage candidate, Mask? region, int pixelCount)
    {
        var height = reference.Height;
        var rowSums = new double[height];
        var blocks = (height + RowsPerBlock - 1) / RowsPerBlock;
        Parallel.For(
            0,
            blocks,
            () => new Workspace(reference.Width),
            (block, _, workspace) =>
            {
                var y0 = block * RowsPerBlock;
                var y1 = Math.Min(height, y0 + RowsPerBlock);
                ProcessBlock(reference, candidate, region, y0, y1, workspace, rowSums);
                return workspace;
            },
            _ => { });

        var total = 0.0;
        foreach (var s in rowSums)
        {
            total += s;
        }

        return total / (3.0 * pixelCount);
    }

    private static void ProcessBlock(
        RgbImage reference, RgbImage candidate, Mask? region, int y0, int y1, Workspace ws, double[] rowSums)
    {
        var width = reference.Width;
        var n = ws.RowLength;

        // Convert the block's rows plus the reflected halo once; the vertical taps then read doubles.
        var haloRows = (y1 - y0) + (2 * R);
        for (var j = 0; j < haloRows; j++)
        {
            var sy = SymmetricBorder.Reflect(y0 - R + j, reference.Height);
            Widen(reference.ReadRow(sy), ws.SourceX.AsSpan(j * n, n));
            Widen(candidate.ReadRow(sy), ws.SourceY.AsSpan(j * n, n));
        }

        for (var y = y0; y < y1; y++)
        {
            var mask = region is null ? ReadOnlySpan<byte>.Empty : region.ReadRow(y);
            if (region is not null && mask.IndexOfAnyExcept((byte)0) < 0)
            {
                continue; // nothing of this row is measured
            }

            VerticalPass(ws, (y - y0) * n);
            FillHorizontalBorders(ws, width);
            HorizontalPassAndSsim(ws);

            var ssim = ws.SsimRow;
            var sum = 0.0;
            for (var x = 0; x < width; x++)
            {
                if (region is null || mask[x] != 0)
                {
                    sum += ssim[3 * x] + ssim[(3 * x) + 1] + ssim[(3 * x) + 2];
                }
            }

            rowSums[y] = sum;
        }
    }

    private static void Widen(ReadOnlySpan<byte> source, Span<double> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Weighted sums of the 11 rows starting at <paramref name="firstRowOffset"/> into the padded row buffers.</summary>
    private static void VerticalPass(Workspace ws, int firstRowOffset)
    {
        var w = SsimWindow.Weights;
        var n = ws.RowLength;
        var vc = Vector<double>.Count;
        ref var sx = ref MemoryMarshal.GetArrayDataReference(ws.SourceX);
        ref var sy = ref MemoryMarshal.GetArrayDataReference(ws.SourceY);
        var dst = 3 * R;

        // The buffers are sized so whole vectors cover the row; lanes past n compute finite garbage that is unused.
        for (var i = 0; i < ws.VectorRowLength; i += vc)
        {
            var mx = Vector<double>.Zero;
            var my = Vector<double>.Zero;
            var mxx = Vector<double>.Zero;
            var myy = Vector<double>.Zero;
            var mxy = Vector<double>.Zero;
            for (var k = 0; k < SsimWindow.Taps; k++)
            {
                var off = firstRowOffset + (k * n) + i;
                var x = Vector.LoadUnsafe(ref sx, (nuint)off);
                var y = Vector.LoadUnsafe(ref sy, (nuint)off);
                var wk = new Vector<double>(w[k]);
                var wx = wk * x;
                var wy = wk * y;
                mx += wx;
                my += wy;
                mxx += wx * x;
                myy += wy * y;
                mxy += wx * y;
            }

            var at = (nuint)(dst + i);
            mx.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.MeanX), at);
            my.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.MeanY), at);
            mxx.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.MeanXX), at);
            myy.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.MeanYY), at);
            mxy.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.MeanXY), at);
        }
    }

    /// <summary>Mirrors R pixels (3 elements each) at both ends of each padded buffer.</summary>
    private static void FillHorizontalBorders(Workspace ws, int width)
    {
        foreach (var buffer in ws.PaddedBuffers)
        {
            for (var p = 1; p <= R; p++)
            {
                CopyPixel(buffer, SymmetricBorder.Reflect(-p, width), -p);
                CopyPixel(buffer, SymmetricBorder.Reflect(width - 1 + p, width), width - 1 + p);
            }
        }

        static void CopyPixel(double[] buffer, int fromPixel, int toPixel)
        {
            var from = 3 * (fromPixel + R);
            var to = 3 * (toPixel + R);
            buffer[to] = buffer[from];
            buffer[to + 1] = buffer[from + 1];
            buffer[to + 2] = buffer[from + 2];
        }
    }

    private static void HorizontalPassAndSsim(Workspace ws)
    {
        var w = SsimWindow.Weights;
        var vc = Vector<double>.Count;
        ref var px = ref MemoryMarshal.GetArrayDataReference(ws.MeanX);
        ref var py = ref MemoryMarshal.GetArrayDataReference(ws.MeanY);
        ref var pxx = ref MemoryMarshal.GetArrayDataReference(ws.MeanXX);
        ref var pyy = ref MemoryMarshal.GetArrayDataReference(ws.MeanYY);
        ref var pxy = ref MemoryMarshal.GetArrayDataReference(ws.MeanXY);
        var c1 = new Vector<double>(SsimWindow.C1);
        var c2 = new Vector<double>(SsimWindow.C2);
        var two = new Vector<double>(2.0);

        for (var i = 0; i < ws.VectorRowLength; i += vc)
        {
            var mx = Vector<double>.Zero;
            var my = Vector<double>.Zero;
            var exx = Vector<double>.Zero;
            var eyy = Vector<double>.Zero;
            var exy = Vector<double>.Zero;
            for (var k = 0; k < SsimWindow.Taps; k++)
            {
                // Element i is pixel i/3, channel i%3; tap k reads the same channel k pixels further in the padded row.
                var off = (nuint)(i + (3 * k));
                var wk = new Vector<double>(w[k]);
                mx += wk * Vector.LoadUnsafe(ref px, off);
                my += wk * Vector.LoadUnsafe(ref py, off);
                exx += wk * Vector.LoadUnsafe(ref pxx, off);
                eyy += wk * Vector.LoadUnsafe(ref pyy, off);
                exy += wk * Vector.LoadUnsafe(ref pxy, off);
            }

            var mxmy = mx * my;
            var mx2 = mx * mx;
            var my2 = my * my;
            var varX = exx - mx2;
            var varY = eyy - my2;
            var cov = exy - mxmy;
            var numerator = ((two * mxmy) + c1) * ((two * cov) + c2);
            var denominator = (mx2 + my2 + c1) * (varX + varY + c2);
            (numerator / denominator).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(ws.SsimRow), (nuint)i);
        }
    }

    /// <summary>Per-worker scratch, reused across the blocks a worker runs.</summary>
    private sealed class Workspace
    {
        public Workspace(int width)
        {
            var vc = Vector<double>.Count;
            RowLength = 3 * width;
            VectorRowLength = (RowLength + vc - 1) / vc * vc;
            SourceX = new double[((RowsPerBlock + (2 * R)) * RowLength) + vc];
            SourceY = new double[SourceX.Length];
            var padded = VectorRowLength + (6 * R);
            MeanX = new double[padded];
            MeanY = new double[padded];
            MeanXX = new double[padded];
            MeanYY = new double[padded];
            MeanXY = new double[padded];
            PaddedBuffers = [MeanX, MeanY, MeanXX, MeanYY, MeanXY];
            SsimRow = new double[VectorRowLength];
        }

        /// <summary>Elements per image row (3 per pixel).</summary>
        public int RowLength { get; }

        /// <summary><see cref="RowLength"/> rounded up to whole vectors.</summary>
        public int VectorRowLength { get; }

        public double[] SourceX { get; }

        public double[] SourceY { get; }

        /// <summary>Vertically filtered moments of one row, with R reflected pixels on each side.</summary>
        public double[] MeanX { get; }

        public double[] MeanY { get; }

        public double[] MeanXX { get; }

        public double[] MeanYY { get; }

        public double[] MeanXY { get; }

        public double[][] PaddedBuffers { get; }

        public double[] SsimRow { get; }
    }
}
