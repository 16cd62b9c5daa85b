using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Testing;

/// <summary>
/// A synthetic stereo scene with exactly known geometry: fronto-parallel textured planes (a full-frame background and
/// rectangles in front of it), each at one integer disparity. The left view paints the layers back to front; the exact
/// right view and hole mask follow analytically: right pixel x shows layer L when left pixel x + d_L shows L, taking the
/// nearest such layer; where no layer qualifies the pixel is a hole.
/// </summary>
public sealed class LayeredScene
{
    private readonly List<(int X, int Y, int W, int H, int Disparity, int Seed)> _layers = [];
    private readonly List<int> _textureShift = [0];

    public LayeredScene(int width, int height, int backgroundDisparity, int seed = 1)
    {
        Width = width;
        Height = height;
        _layers.Add((0, 0, width, height, backgroundDisparity, seed));
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Adds a rectangle nearer than everything added before it. Its texture is drawn shifted right by
    /// <paramref name="textureShift"/> pixels, so a rectangle moved by that much between frames carries its texture.</summary>
    public LayeredScene Add(int x, int y, int w, int h, int disparity, int seed, int textureShift = 0)
    {
        if (disparity <= _layers[^1].Disparity)
        {
            throw new ArgumentException("Layers must be added back to front (increasing disparity).");
        }

        _layers.Add((x, y, w, h, disparity, seed));
        _textureShift.Add(textureShift);
        return this;
    }

    /// <summary>The index of the top layer that the left view shows at (x, y).</summary>
    public int LayerAt(int x, int y)
    {
        for (var i = _layers.Count - 1; i > 0; i--)
        {
            var l = _layers[i];
            if (x >= l.X && x < l.X + l.W && y >= l.Y && y < l.Y + l.H)
            {
                return i;
            }
        }

        return 0;
    }

    public RgbImage Left()
    {
        var image = new RgbImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var index = LayerAt(x, y);
                Texture(_layers[index].Seed, x - _textureShift[index], y, image.Row(y).Slice(3 * x, 3));
            }
        }

        return image;
    }

    public FloatPlane Disparity()
    {
        var d = new FloatPlane(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                d[x, y] = _layers[LayerAt(x, y)].Disparity;
            }
        }

        return d;
    }

    /// <summary>The exact right view (holes black) and its hole mask.</summary>
    public (RgbImage Right, Mask Holes) ExactRight()
    {
        var left = Left();
        var right = new RgbImage(Width, Height);
        var holes = new Mask(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var found = false;
                for (var i = _layers.Count - 1; i >= 0 && !found; i--)
                {
                    var xl = x + _layers[i].Disparity;
                    if (xl >= 0 && xl < Width && LayerAt(xl, y) == i)
                    {
                        left.ReadRow(y).Slice(3 * xl, 3).CopyTo(right.Row(y).Slice(3 * x, 3));
                        found = true;
                    }
                }

                holes[x, y] = !found;
            }
        }

        return (right, holes);
    }

    /// <summary>A deterministic texture per layer.</summary>
    private static void Texture(int seed, int x, int y, Span<byte> rgb)
    {
        // Smooth enough (4-px cells, bilinear) for optical flow to track, varied enough that a misplaced pixel shows.
        var fx = x / 4f;
        var fy = y / 4f;
        var x0 = (int)MathF.Floor(fx);
        var y0 = (int)MathF.Floor(fy);
        var tx = fx - x0;
        var ty = fy - y0;
        Span<byte> a = stackalloc byte[3], b = stackalloc byte[3], c = stackalloc byte[3], d = stackalloc byte[3];
        Cell(seed, x0, y0, a);
        Cell(seed, x0 + 1, y0, b);
        Cell(seed, x0, y0 + 1, c);
        Cell(seed, x0 + 1, y0 + 1, d);
        for (var k = 0; k < 3; k++)
        {
            var top = (a[k] * (1 - tx)) + (b[k] * tx);
            var bottom = (c[k] * (1 - tx)) + (d[k] * tx);
            rgb[k] = (byte)((top * (1 - ty)) + (bottom * ty) + 0.5f);
        }
    }

    private static void Cell(int seed, int x, int y, Span<byte> rgb)
    {
        var h = (uint)((x * 73856093) ^ (y * 19349663) ^ (seed * 83492791));
        h ^= h >> 13;
        h *= 0x5bd1e995;
        h ^= h >> 15;
        rgb[0] = (byte)(40 + (h & 0x7F) + (seed * 37 % 80));
        rgb[1] = (byte)(30 + ((h >> 8) & 0x7F));
        rgb[2] = (byte)(20 + ((h >> 16) & 0x7F) + (seed * 53 % 90));
    }
}
