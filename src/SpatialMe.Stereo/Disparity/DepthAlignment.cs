using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Disparity;

/// <summary>
/// Joins the depth of overlapping segments of one shot (a farm renders a long shot as segments that share K frames,
/// each estimated and normalised on its own machine):
/// <list type="number">
/// <item><see cref="Fit"/>: the affine map that carries the next segment's depth onto the previous one's, by least
/// squares over the shared frames, because relative depth is only defined up to scale and shift;</item>
/// <item><see cref="OverlapWeight"/> and <see cref="CrossFade"/>: across the shared frames the next segment's
/// disparity fades in linearly, so whatever the fit leaves does not show as a jump.</item>
/// </list>
/// </summary>
public static class DepthAlignment
{
    /// <summary>
    /// The map t ≈ Scale·s + Shift that best fits <paramref name="target"/> from <paramref name="source"/> in the
    /// least-squares sense, over every pixel pair of every plane pair on a grid of <paramref name="stride"/> pixels in
    /// x and y (a stride of 2 keeps a quarter of the pixels; neighbouring depth pixels are strongly correlated, so the
    /// fit barely changes). Pairs where either value is not finite are skipped.
    /// <para>
    /// Computed in double with centred sums (two passes: means, then co-moments), which is exact for identical inputs
    /// (Scale 1, Shift 0 to the bit) and avoids the cancellation of Σx² − n·x̄². Rows are summed in parallel into
    /// per-row slots that are then added in row order, so the result does not depend on thread scheduling.
    /// </para>
    /// A flat source (standard deviation below 1e-6 of its magnitude) cannot give a scale: the map is then a pure
    /// shift, Scale 1 and Shift = mean(target − source). With no finite pair at all it is <see cref="AffineDepth.Identity"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No planes, different plane counts, or a pair of different sizes.</exception>
    public static AffineDepth Fit(IReadOnlyList<FloatPlane> source, IReadOnlyList<FloatPlane> target, int stride = 2)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (source.Count != target.Count)
        {
            throw new ArgumentException($"The source has {source.Count} planes but the target has {target.Count}; the overlap must pair them one to one.", nameof(target));
        }

        if (source.Count == 0)
        {
            throw new ArgumentException("An alignment needs at least one pair of overlapping planes, got none.", nameof(source));
        }

        for (var i = 0; i < source.Count; i++)
        {
            if (!source[i].SameSize(target[i]))
            {
                throw new ArgumentException(
                    $"Source plane {i} is {source[i].Width}x{source[i].Height} but target plane {i} is {target[i].Width}x{target[i].Height}.", nameof(target));
            }
        }

        // Pass 1: count and sums, for the means.
        var n = 0L;
        var sumS = 0.0;
        var sumT = 0.0;
        for (var i = 0; i < source.Count; i++)
        {
            var rows = RowSums(source[i], target[i], stride, 0, 0, centred: false);
            foreach (var r in rows)
            {
                n += r.Count;
                sumS += r.A;
                sumT += r.B;
            }
        }

        if (n == 0)
        {
            return AffineDepth.Identity;
        }

        var meanS = sumS / n;
        var meanT = sumT / n;

        // Pass 2: centred co-moments Σ(s − s̄)² and Σ(s − s̄)(t − t̄).
        var sss = 0.0;
        var sst = 0.0;
        for (var i = 0; i < source.Count; i++)
        {
            var rows = RowSums(source[i], target[i], stride, meanS, meanT, centred: true);
            foreach (var r in rows)
            {
                sss += r.A;
                sst += r.B;
            }
        }

        var deviation = Math.Sqrt(sss / n);
        if (!(deviation > 1e-6 * Math.Max(1, Math.Abs(meanS))))
        {
            return new AffineDepth(1, meanT - meanS);
        }

        var scale = sst / sss;
        return new AffineDepth(scale, meanT - (scale * meanS));
    }

    /// <summary>
    /// The next segment's weight at shared frame <paramref name="indexInOverlap"/> (0-based) of
    /// <paramref name="overlap"/>: w = (j + 1) / (K + 1). The previous segment gets 1 − w. The weights step evenly from
    /// the previous segment to the next, never reach 0 or 1 inside the overlap (the frames just outside it are the
    /// implicit 0 and 1), and are symmetric: w(j) + w(K − 1 − j) = 1.
    /// </summary>
    public static double OverlapWeight(int indexInOverlap, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(overlap, 1);
        if (indexInOverlap < 0 || indexInOverlap >= overlap)
        {
            throw new ArgumentOutOfRangeException(nameof(indexInOverlap), indexInOverlap, $"The index in an overlap of {overlap} frames must be in [0, {overlap}).");
        }

        return (indexInOverlap + 1.0) / (overlap + 1.0);
    }

    /// <summary>
    /// (1 − w)·previous + w·next per pixel, in double: w = 0 gives previous exactly and w = 1 gives next exactly.
    /// </summary>
    public static FloatPlane CrossFade(FloatPlane previous, FloatPlane next, double nextWeight)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (!previous.SameSize(next))
        {
            throw new ArgumentException(
                $"The previous plane is {previous.Width}x{previous.Height} but the next is {next.Width}x{next.Height}.", nameof(next));
        }

        if (!(nextWeight >= 0 && nextWeight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(nextWeight), nextWeight, "The cross-fade weight must be in [0, 1].");
        }

        var w = nextWeight;
        var output = new FloatPlane(previous.Width, previous.Height);
        Parallel.For(0, previous.Height, y =>
        {
            var a = previous.ReadRow(y);
            var b = next.ReadRow(y);
            var dst = output.Row(y);
            for (var x = 0; x < dst.Length; x++)
            {
                dst[x] = (float)(((1 - w) * a[x]) + (w * b[x]));
            }
        });

        return output;
    }

    /// <summary>
    /// Per sampled row: the number of finite pairs and either (Σs, Σt) or, centred on the means, (Σ(s − s̄)²,
    /// Σ(s − s̄)(t − t̄)). One slot per row, so adding them in row order afterwards is deterministic.
    /// </summary>
    private static (long Count, double A, double B)[] RowSums(FloatPlane source, FloatPlane target, int stride, double meanS, double meanT, bool centred)
    {
        var rows = new (long Count, double A, double B)[((source.Height - 1) / stride) + 1];
        Parallel.For(0, rows.Length, r =>
        {
            var s = source.ReadRow(r * stride);
            var t = target.ReadRow(r * stride);
            var count = 0L;
            var a = 0.0;
            var b = 0.0;
            for (var x = 0; x < s.Length; x += stride)
            {
                double sv = s[x];
                double tv = t[x];
                if (!double.IsFinite(sv) || !double.IsFinite(tv))
                {
                    continue;
                }

                count++;
                if (centred)
                {
                    var ds = sv - meanS;
                    a += ds * ds;
                    b += ds * (tv - meanT);
                }
                else
                {
                    a += sv;
                    b += tv;
                }
            }

            rows[r] = (count, a, b);
        });

        return rows;
    }
}
