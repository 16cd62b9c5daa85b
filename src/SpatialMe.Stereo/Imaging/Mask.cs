namespace SpatialMe.Stereo.Imaging;

/// <summary>A binary mask (1 = set), one byte per pixel. Used for occlusion (hole) masks and evaluation regions.</summary>
public sealed class Mask
{
    public Mask(int width, int height)
        : this(width, height, new byte[checked(width * height)])
    {
    }

    public Mask(int width, int height, byte[] data)
    {
        if (data.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} mask bytes for {width}x{height}, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Data { get; }

    public bool this[int x, int y]
    {
        get => Data[(y * Width) + x] != 0;
        set => Data[(y * Width) + x] = value ? (byte)1 : (byte)0;
    }

    public Span<byte> Row(int y) => Data.AsSpan(y * Width, Width);

    public ReadOnlySpan<byte> ReadRow(int y) => Data.AsSpan(y * Width, Width);

    public int Count()
    {
        var n = 0;
        foreach (var b in Data)
        {
            if (b != 0)
            {
                n++;
            }
        }

        return n;
    }

    public Mask Clone() => new(Width, Height, (byte[])Data.Clone());

    /// <summary>A mask with every pixel set.</summary>
    public static Mask All(int width, int height)
    {
        var m = new Mask(width, height);
        Array.Fill(m.Data, (byte)1);
        return m;
    }
}
