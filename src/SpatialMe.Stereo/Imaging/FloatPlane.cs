namespace SpatialMe.Stereo.Imaging;

/// <summary>A single-channel float image (depth, disparity, weights, luma), rows top to bottom.</summary>
public sealed class FloatPlane
{
    public FloatPlane(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    public FloatPlane(int width, int height, float[] data)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Plane size must be positive, got {width}x{height}.");
        }

        if (data.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Data { get; }

    public float this[int x, int y]
    {
        get => Data[(y * Width) + x];
        set => Data[(y * Width) + x] = value;
    }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    public ReadOnlySpan<float> ReadRow(int y) => Data.AsSpan(y * Width, Width);

    public FloatPlane Clone() => new(Width, Height, (float[])Data.Clone());

    public bool SameSize(FloatPlane other) => other.Width == Width && other.Height == Height;

    /// <summary>Bilinear sample with the coordinates clamped to the plane.</summary>
    public float Sample(float x, float y)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, Width - 1);
        var y1 = Math.Min(y0 + 1, Height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = (Data[(y0 * Width) + x0] * (1 - fx)) + (Data[(y0 * Width) + x1] * fx);
        var bottom = (Data[(y1 * Width) + x0] * (1 - fx)) + (Data[(y1 * Width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
