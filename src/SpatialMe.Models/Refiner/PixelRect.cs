namespace SpatialMe.Models.Refiner;

/// <summary>An axis-aligned rectangle of pixels: columns X … X + Width − 1, rows Y … Y + Height − 1.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public long Area => (long)Width * Height;

    public bool Contains(int x, int y) => x >= X && x < Right && y >= Y && y < Bottom;

    public static PixelRect FromEdges(int left, int top, int right, int bottom) => new(left, top, right - left, bottom - top);

    public PixelRect Union(PixelRect other) =>
        FromEdges(Math.Min(X, other.X), Math.Min(Y, other.Y), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    /// <summary>Grown by <paramref name="margin"/> on every side, its corners then moved outwards to multiples of
    /// <paramref name="alignment"/>, and clipped to 0 … width, 0 … height.</summary>
    public PixelRect Expand(int margin, int alignment, int width, int height)
    {
        var left = Math.Max(0, FloorTo(X - margin, alignment));
        var top = Math.Max(0, FloorTo(Y - margin, alignment));
        var right = Math.Min(width, CeilTo(Right + margin, alignment));
        var bottom = Math.Min(height, CeilTo(Bottom + margin, alignment));
        return FromEdges(left, top, right, bottom);
    }

    private static int FloorTo(int value, int alignment) => (int)Math.Floor(value / (double)alignment) * alignment;

    private static int CeilTo(int value, int alignment) => (int)Math.Ceiling(value / (double)alignment) * alignment;
}
