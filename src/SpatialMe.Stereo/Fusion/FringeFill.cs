namespace SpatialMe.Stereo.Fusion;

/// <summary>
/// The background behind the warp's edge fringe (<see cref="Warping.EdgeFringe"/>): the mean of two estimates of it with
/// independent errors — DE's rendering of the column (DE carried the mixed pixel away with the foreground and filled
/// behind it from its expanded warp) and the nearest clean background pixel, the first visible non-fringe pixel to the
/// right in the plain warp. Where that pixel is a hole or past the image, there is no second estimate.
/// </summary>
public static class FringeFill
{
    /// <summary>Writes the estimate for fringe pixel <paramref name="x"/> of a row into <paramref name="content"/>; false
    /// (nothing written) where there is no clean background pixel to its right.</summary>
    public static bool TryFill(int x, ReadOnlySpan<byte> fringe, ReadOnlySpan<byte> holes, ReadOnlySpan<byte> warped, ReadOnlySpan<byte> de, Span<byte> content)
    {
        var w = fringe.Length;
        var next = x + 1;
        while (next < w && fringe[next] != 0)
        {
            next++;
        }

        if (next >= w || holes[next] != 0)
        {
            return false;
        }

        for (var k = 0; k < 3; k++)
        {
            content[(3 * x) + k] = (byte)((de[(3 * x) + k] + warped[(3 * next) + k] + 1) / 2);
        }

        return true;
    }
}
