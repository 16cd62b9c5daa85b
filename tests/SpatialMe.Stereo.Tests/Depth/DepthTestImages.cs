using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Depth;

/// <summary>Test-only helpers: synthetic textures, rank correlation (images load through SpatialMe.Testing.TestImageIO).</summary>
internal static class DepthTestImages
{
    /// <summary>Deterministic value noise in [0, 255] on an infinite plane, sampled at (x + shift, y): a texture
    /// Farneback can track (blobs a few pixels wide, varied contrast).</summary>
    public static byte Texture(int x, int y, int seed)
    {
        const int cell = 4;
        var cx = Math.Floor((double)x / cell);
        var cy = Math.Floor((double)y / cell);
        var fx = ((double)x / cell) - cx;
        var fy = ((double)y / cell) - cy;
        var v00 = Hash((long)cx, (long)cy, seed);
        var v10 = Hash((long)cx + 1, (long)cy, seed);
        var v01 = Hash((long)cx, (long)cy + 1, seed);
        var v11 = Hash((long)cx + 1, (long)cy + 1, seed);
        var sx = fx * fx * (3 - (2 * fx));
        var sy = fy * fy * (3 - (2 * fy));
        var top = v00 + ((v10 - v00) * sx);
        var bottom = v01 + ((v11 - v01) * sx);
        return (byte)Math.Clamp((int)(top + ((bottom - top) * sy)), 0, 255);
    }

    private static double Hash(long x, long y, int seed)
    {
        var h = unchecked((ulong)((x * 73856093) ^ (y * 19349663) ^ (seed * 83492791L)));
        h ^= h >> 33;
        h = unchecked(h * 0xff51afd7ed558ccdUL);
        h ^= h >> 33;
        return (h % 1024) / 1023.0 * 255.0;
    }

    /// <summary>Spearman rank correlation between estimate and ground truth over pixels where the truth is nonzero.</summary>
    public static double Spearman(FloatPlane estimate, FloatPlane truth)
    {
        Assert.True(estimate.SameSize(truth));
        var a = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < truth.Data.Length; i++)
        {
            if (truth.Data[i] > 0)
            {
                a.Add(estimate.Data[i]);
                b.Add(truth.Data[i]);
            }
        }

        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Ranks with ties given their average rank.</summary>
    private static double[] Ranks(List<double> values)
    {
        var order = Enumerable.Range(0, values.Count).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[values.Count];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            var rank = (i + j) / 2.0;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        return ranks;
    }
}
