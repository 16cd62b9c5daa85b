using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Shots;

/// <summary>
/// What shot detection keeps of a frame: a box-averaged luma thumbnail (<see cref="MaxWidth"/> px wide at most,
/// same aspect), its mean and standard deviation, and a coarse colour histogram of the thumbnail's pixels. Small
/// enough that comparing two frames costs a few thousand operations whatever the video's resolution; the buffers
/// are reused, so filling one allocates nothing.
/// </summary>
internal sealed class FrameThumbnail
{
    /// <summary>
    /// Thumbnail width: at 80 px a fine texture that moves with the camera averages out, while the layout of a
    /// scene (what a cut or dissolve changes) is still there.
    /// </summary>
    public const int MaxWidth = 80;

    private int[] _red = [];
    private int[] _green = [];
    private int[] _blue = [];
    private int[] _columnOf = [];
    private int[] _columnWidth = [];

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Luma (BT.601) in [0, 255], row-major.</summary>
    public float[] Luma { get; private set; } = [];

    /// <summary>Colour histogram over <see cref="ColourHistogram.Bins"/> bins, summing to 1.</summary>
    public float[] Histogram { get; } = new float[ColourHistogram.Bins];

    public float Mean { get; private set; }

    public float StandardDeviation { get; private set; }

    /// <summary>Overwrites this thumbnail with <paramref name="frame"/>'s.</summary>
    public void Fill(RgbImage frame)
    {
        Resize(frame);
        Array.Clear(Histogram);
        var sum = 0.0;
        var sumSquares = 0.0;
        for (var ty = 0; ty < Height; ty++)
        {
            Array.Clear(_red);
            Array.Clear(_green);
            Array.Clear(_blue);
            var y0 = ty * frame.Height / Height;
            var y1 = Math.Max(y0 + 1, (ty + 1) * frame.Height / Height);
            for (var y = y0; y < y1; y++)
            {
                AccumulateRow(frame.ReadRow(y));
            }

            for (var tx = 0; tx < Width; tx++)
            {
                var count = (float)(_columnWidth[tx] * (y1 - y0));
                var r = _red[tx] / count;
                var g = _green[tx] / count;
                var b = _blue[tx] / count;
                var luma = (0.299f * r) + (0.587f * g) + (0.114f * b);
                Luma[(ty * Width) + tx] = luma;
                sum += luma;
                sumSquares += luma * luma;
                Histogram[ColourHistogram.BinOf(r, g, b, luma)]++;
            }
        }

        var pixels = Width * Height;
        Mean = (float)(sum / pixels);
        StandardDeviation = (float)Math.Sqrt(Math.Max(0, (sumSquares / pixels) - (Mean * (double)Mean)));
        for (var i = 0; i < Histogram.Length; i++)
        {
            Histogram[i] /= pixels;
        }
    }

    /// <summary>Adds one source row into the per-column sums of the thumbnail row it belongs to.</summary>
    private void AccumulateRow(ReadOnlySpan<byte> row)
    {
        var columns = _columnOf;
        for (var x = 0; x < columns.Length; x++)
        {
            var tx = columns[x];
            _red[tx] += row[3 * x];
            _green[tx] += row[(3 * x) + 1];
            _blue[tx] += row[(3 * x) + 2];
        }
    }

    private void Resize(RgbImage frame)
    {
        if (frame.Width == _columnOf.Length && Luma.Length > 0 && Height == ThumbnailHeight(frame, Width))
        {
            return;
        }

        Width = Math.Min(MaxWidth, frame.Width);
        Height = ThumbnailHeight(frame, Width);
        Luma = new float[Width * Height];
        _red = new int[Width];
        _green = new int[Width];
        _blue = new int[Width];
        _columnOf = new int[frame.Width];
        _columnWidth = new int[Width];
        for (var x = 0; x < frame.Width; x++)
        {
            // Thumbnail column tx covers source columns [tx * W / w, (tx + 1) * W / w).
            var tx = Math.Min(Width - 1, (int)((long)x * Width / frame.Width));
            _columnOf[x] = tx;
            _columnWidth[tx]++;
        }
    }

    private static int ThumbnailHeight(RgbImage frame, int width) =>
        Math.Clamp((int)Math.Round((double)frame.Height * width / frame.Width), 1, frame.Height);
}
