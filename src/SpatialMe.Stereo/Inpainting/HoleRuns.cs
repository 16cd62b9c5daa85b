namespace SpatialMe.Stereo.Inpainting;

/// <summary>Maximal horizontal runs of set mask bytes in a row: the unit every row-wise fill works on.</summary>
internal static class HoleRuns
{
    /// <summary>The end (exclusive) of the run of set bytes starting at <paramref name="start"/>.</summary>
    public static int RunEnd(ReadOnlySpan<byte> mask, int start)
    {
        var x = start;
        while (x < mask.Length && mask[x] != 0)
        {
            x++;
        }

        return x;
    }
}
