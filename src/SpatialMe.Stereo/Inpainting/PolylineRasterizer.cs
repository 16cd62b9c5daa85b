using System.Runtime.CompilerServices;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// The polyline rasteriser behind the Poly branch (thygate's <c>polylines_sharp</c>/<c>polylines_soft</c>, described in
/// reference/stereo-methods.md §2.4). Each image row is a 1-D polyline in the (x, closeness) plane; every source column
/// is moved horizontally by its shift and the morphed polyline is rasterised back to pixels with exact box-filter
/// coverage. Where the polyline folds over itself (occlusion) the nearer segment wins; where it stretches (disocclusion)
/// the stretched segment fills the gap with a linear ramp between the two edge colours. Rows are independent.
/// </summary>
public static class PolylineRasterizer
{
    /// <summary>Guards the clipped sub-interval ends and the "nothing in front yet" closeness, as in the original.</summary>
    private const double Epsilon = 1e-7;

    /// <summary>Half-width of a sharp plateau: 0.9 px of each pixel keeps its own colour, 0.1 px is a joint.</summary>
    private const double SharpHalfWidth = 0.45;

    /// <summary>Supplies one row's shift and closeness into per-thread buffers, so callers can derive them on the fly.</summary>
    internal delegate void RowGeometry(int y, Span<float> shift, Span<float> closeness);

    /// <summary>
    /// Renders <paramref name="source"/> with each source column c of row r moved to pixel centre
    /// <c>c + 0.5 + shift[r, c]</c>. Where moved pixels overlap, the one with the larger (interpolated) closeness wins;
    /// closeness should be >= 0, larger = nearer. Disocclusions are spanned by the stretched segment. Non-finite shift or
    /// closeness values are treated as 0 (a NaN would break the vertex sort and walk).
    /// </summary>
    public static RgbImage Render(RgbImage source, FloatPlane shift, FloatPlane closeness, PolylineMode mode = PolylineMode.Sharp)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(closeness);
        if (!source.SameSize(shift) || !source.SameSize(closeness))
        {
            throw new ArgumentException(
                $"Shift ({shift.Width}x{shift.Height}) and closeness ({closeness.Width}x{closeness.Height}) must match the image ({source.Width}x{source.Height}).");
        }

        return Render(source, mode, (y, shiftRow, closenessRow) =>
        {
            shift.ReadRow(y).CopyTo(shiftRow);
            closeness.ReadRow(y).CopyTo(closenessRow);
        });
    }

    /// <summary>Renders every row in parallel; <paramref name="geometry"/> fills the row's shift and closeness.</summary>
    internal static RgbImage Render(RgbImage source, PolylineMode mode, RowGeometry geometry)
    {
        var halfWidth = mode == PolylineMode.Sharp ? SharpHalfWidth : 0.0;
        var output = new RgbImage(source.Width, source.Height);
        Parallel.For(
            0,
            source.Height,
            () => new RowScratch(source.Width, halfWidth > 0),
            (y, _, scratch) =>
            {
                geometry(y, scratch.Shift, scratch.Closeness);
                RasterizeRow(source.ReadRow(y), output.Row(y), halfWidth, scratch);
                return scratch;
            },
            _ => { });
        return output;
    }

    private static void RasterizeRow(ReadOnlySpan<byte> source, Span<byte> destination, double halfWidth, RowScratch scratch)
    {
        var segmentCount = BuildSegments(halfWidth, scratch);
        SortByStart(scratch.VertexX, scratch.Segments, segmentCount);
        Sweep(source, destination, scratch, segmentCount);
    }

    /// <summary>
    /// Steps 1-2: lays the row out as vertices (x, closeness, source column) between two sentinels and joins consecutive
    /// vertices into segments. Segment k starts at vertex k; <c>VertexX[k]</c> holds that start x (the end sentinel's x
    /// is the last entry). Returns the number of segments (vertices - 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BuildSegments(double halfWidth, RowScratch scratch)
    {
        var width = scratch.Shift.Length;
        var vertexX = scratch.VertexX;
        var segments = scratch.Segments;
        var shift = scratch.Shift;
        var closeness = scratch.Closeness;

        // The start sentinel far to the left (closeness 0, colour of column 0) lets the first pixel's colour stretch to
        // the left border when the row moves right, and guarantees a segment is always active.
        var previous = new Vertex(-1.0 * width, 0.0, 0);
        var count = 0;

        for (var c = 0; c < width; c++)
        {
            var s = shift[c];
            var k = closeness[c];
            double centre = c + 0.5 + (float.IsFinite(s) ? s : 0f);
            double near = float.IsFinite(k) ? k : 0f;
            if (halfWidth > 0)
            {
                // Sharp: a plateau [centre - h, centre + h] in the pixel's own colour.
                previous = Link(vertexX, segments, count++, previous, new Vertex(centre - halfWidth, near, c));
                previous = Link(vertexX, segments, count++, previous, new Vertex(centre + halfWidth, near, c));
            }
            else
            {
                // Soft: one vertex per pixel, so every pixel is interpolated with its neighbours.
                previous = Link(vertexX, segments, count++, previous, new Vertex(centre, near, c));
            }
        }

        // The end sentinel far to the right (colour of the last column) fills the right border the same way.
        previous = Link(vertexX, segments, count++, previous, new Vertex(2.0 * width, 0.0, width - 1));
        vertexX[count] = previous.X;
        return count;
    }

    /// <summary>Stores the segment from <paramref name="start"/> to <paramref name="end"/> at index k; returns the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vertex Link(double[] vertexX, Segment[] segments, int k, Vertex start, Vertex end)
    {
        vertexX[k] = start.X;
        segments[k] = new Segment(start.X, end.X, start.Closeness, end.Closeness, start.Column, end.Column);
        return end;
    }

    /// <summary>
    /// Step 3: insertion-sorts the vertices by x and applies the same permutation to the segments, so segments end up in
    /// order of their start x (the sweep adds them in that order). Insertion sort because a row with smooth disparity
    /// is almost sorted already; only folds move vertices, and only a little. The end sentinel (last vertex) stays last.
    /// Stable (strict &gt;), so coincident vertices keep the row order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortByStart(double[] vertexX, Segment[] segments, int segmentCount)
    {
        for (var i = 1; i < segmentCount; i++)
        {
            var key = vertexX[i];
            if (vertexX[i - 1] <= key)
            {
                continue;
            }

            var carried = segments[i];
            var u = i - 1;
            while (u >= 0 && vertexX[u] > key)
            {
                vertexX[u + 1] = vertexX[u];
                segments[u + 1] = segments[u];
                u--;
            }

            vertexX[u + 1] = key;
            segments[u + 1] = carried;
        }
    }

    /// <summary>
    /// Step 4: for each output pixel [col, col + 1), walks the sub-intervals between consecutive sorted vertices that
    /// overlap it. No vertex lies inside a sub-interval, so which segments cover it and which one is in front cannot
    /// change within it: one test at its midpoint decides the whole sub-interval, and its colour is weighted by its width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sweep(ReadOnlySpan<byte> source, Span<byte> destination, RowScratch scratch, int segmentCount)
    {
        var width = scratch.Shift.Length;
        var vertexX = scratch.VertexX;
        var segments = scratch.Segments;
        var active = scratch.Active;
        var activeCount = 0;
        var nextSegment = 0;
        var p = 0;

        for (var col = 0; col < width; col++)
        {
            // Starting at 0.5 makes the final truncation to a byte round to nearest.
            double red = 0.5, green = 0.5, blue = 0.5;

            // p becomes the last vertex left of the pixel start; the start sentinel at -W keeps it >= 0.
            while (vertexX[p] < col)
            {
                p++;
            }

            p--;
            while (vertexX[p] < col + 1)
            {
                var from = Math.Max(col, vertexX[p]) + Epsilon;
                var to = Math.Min(col + 1, vertexX[p + 1]) - Epsilon;
                var weight = to - from;
                var middle = from + (0.5 * weight);

                // Segments are sorted by start, so the ones starting before the midpoint are a growing prefix. The
                // active buffer grows on demand: how many segments overlap depends on the disparity range.
                while (nextSegment < segmentCount && segments[nextSegment].X0 < middle)
                {
                    if (activeCount == active.Length)
                    {
                        active = scratch.GrowActive();
                    }

                    active[activeCount++] = nextSegment++;
                }

                // Segments ending before the midpoint are done for good (swap-remove); a backward (folded) segment
                // ends left of where it starts, so it is dropped as soon as it is added and never paints.
                for (var i = 0; i < activeCount;)
                {
                    if (segments[active[i]].X1 < middle)
                    {
                        active[i] = active[--activeCount];
                    }
                    else
                    {
                        i++;
                    }
                }

                // The sentinels keep a segment active for finite input; the check only guards against the impossible.
                if (activeCount > 0)
                {
                    var front = activeCount == 1 ? active[0] : FrontSegment(active, activeCount, segments, middle);
                    AddColour(source, segments[front], middle, weight, ref red, ref green, ref blue);
                }

                p++;
            }

            var o = 3 * col;
            destination[o] = ToByte(red);
            destination[o + 1] = ToByte(green);
            destination[o + 2] = ToByte(blue);
        }
    }

    /// <summary>
    /// The visible one of several active segments at <paramref name="middle"/>: the largest closeness interpolated
    /// there, among those strictly inside (0 &lt; t &lt; 1). Starting from -ε with the first active segment as the
    /// default means a segment with closeness 0 still beats "nothing", and a tie keeps the earlier one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FrontSegment(int[] active, int activeCount, Segment[] segments, double middle)
    {
        var best = active[0];
        var bestCloseness = -Epsilon;
        for (var i = 0; i < activeCount; i++)
        {
            ref readonly var segment = ref segments[active[i]];
            var t = (middle - segment.X0) / (segment.X1 - segment.X0);
            if (t > 0.0 && t < 1.0)
            {
                var closeness = ((1.0 - t) * segment.C0) + (t * segment.C1);
                if (bestCloseness < closeness)
                {
                    bestCloseness = closeness;
                    best = active[i];
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Adds the segment's colour over a sub-interval of the given width: the source colour itself when both ends come
    /// from the same column (a sharp plateau or a sentinel), otherwise the linear blend of the two end colours at the
    /// midpoint, which for a linear segment equals its average over the sub-interval.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColour(
        ReadOnlySpan<byte> source, in Segment segment, double middle, double weight, ref double red, ref double green, ref double blue)
    {
        var a = 3 * segment.Column0;
        if (segment.Column0 == segment.Column1)
        {
            red += source[a] * weight;
            green += source[a + 1] * weight;
            blue += source[a + 2] * weight;
            return;
        }

        var b = 3 * segment.Column1;
        var t = (middle - segment.X0) / (segment.X1 - segment.X0);
        var s = 1.0 - t;
        red += ((source[a] * s) + (source[b] * t)) * weight;
        green += ((source[a + 1] * s) + (source[b + 1] * t)) * weight;
        blue += ((source[a + 2] * s) + (source[b + 2] * t)) * weight;
    }

    /// <summary>Truncates like the original's cast to uint8; the clamp only guards values that cannot occur.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ToByte(double value) => value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)value;

    /// <summary>A polyline vertex: shifted x, closeness and the source column whose colour it carries.</summary>
    private readonly record struct Vertex(double X, double Closeness, int Column);

    /// <summary>One polyline segment: start and end x, closeness and source column (40 bytes: doubles first).</summary>
    private readonly record struct Segment(double X0, double X1, double C0, double C1, int Column0, int Column1);

    /// <summary>Per-thread buffers for one row, reused across rows so that rendering allocates nothing per pixel.</summary>
    private sealed class RowScratch
    {
        public RowScratch(int width, bool sharp)
        {
            // Vertices: sentinels plus one (soft) or two (sharp) per column; segments join consecutive vertices.
            var vertices = (sharp ? 2 * width : width) + 2;
            Shift = new float[width];
            Closeness = new float[width];
            VertexX = new double[vertices];
            Segments = new Segment[vertices - 1];
            Active = new int[32];
        }

        public float[] Shift { get; }

        public float[] Closeness { get; }

        public double[] VertexX { get; }

        public Segment[] Segments { get; }

        /// <summary>Indices of the segments covering the current position, in insertion order (the tie-break).</summary>
        public int[] Active { get; private set; }

        /// <summary>Doubles the active buffer, keeping its contents, and returns it.</summary>
        public int[] GrowActive()
        {
            var grown = new int[Active.Length * 2];
            Active.AsSpan().CopyTo(grown);
            Active = grown;
            return grown;
        }
    }
}
