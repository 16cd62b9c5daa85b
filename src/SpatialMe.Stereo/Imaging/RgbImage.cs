namespace SpatialMe.Stereo.Imaging;

/// <summary>
/// An 8-bit RGB frame, interleaved (R, G, B per pixel), rows top to bottom with no padding.
/// This is the layout ffmpeg's <c>rgb24</c> pixel format uses, so decoded frames need no copy.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        }

        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved RGB bytes, <c>Width * Height * 3</c> of them.</summary>
    public byte[] Pixels { get; }

    public int Stride => Width * 3;

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    public ReadOnlySpan<byte> ReadRow(int y) => Pixels.AsSpan(y * Stride, Stride);

    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    public bool SameSize(RgbImage other) => other.Width == Width && other.Height == Height;

    public bool SameSize(FloatPlane other) => other.Width == Width && other.Height == Height;

    /// <summary>Luma (BT.601 weights) in [0, 255] as a float plane.</summary>
    public FloatPlane ToLuma()
    {
        var luma = new FloatPlane(Width, Height);
        Parallel.For(0, Height, y =>
        {
            var src = ReadRow(y);
            var dst = luma.Row(y);
            for (var x = 0; x < Width; x++)
            {
                dst[x] = (0.299f * src[3 * x]) + (0.587f * src[(3 * x) + 1]) + (0.114f * src[(3 * x) + 2]);
            }
        });
        return luma;
    }
}
