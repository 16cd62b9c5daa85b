namespace SpatialMe.Stereo.Metrics;

/// <summary>
/// Border handling for window filters: the image is mirrored about its edges with the edge sample repeated
/// (<c>… c b a | a b c … | … x y z | z y x …</c>), the convention of SciPy's <c>mode="reflect"</c>.
/// It is applied repeatedly, so windows wider than the image stay defined.
/// </summary>
internal static class SymmetricBorder
{
    /// <summary>Maps any index to <c>[0, length)</c> by symmetric reflection with period <c>2·length</c>.</summary>
    public static int Reflect(int index, int length)
    {
        var period = 2 * length;
        var m = index % period;
        if (m < 0)
        {
            m += period;
        }

        return m < length ? m : period - 1 - m;
    }
}
