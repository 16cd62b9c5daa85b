namespace SpatialMe.Stereo.Inpainting;

/// <summary>Finds maximal horizontal runs of set mask bytes in a row (the unit every row-wise fill works on).</summary>
internal static class HoleRuns
{
    /// <summary>Calls <paramref name="onRun"/>(start, endExclusive) for each run of non-zero bytes, left to right.</summary>
    public static void ForEach(ReadOnlySpan<byte> mask, Action<int, int> onRun)
    {
        var x = 0;
        while (x < mask.Length)
        {
            if (mask[x] == 0)
            {
                x++;
                continue;
            }

            var start = x;
            while (x < mask.Length && mask[x] != 0)
            {
                x++;
            }

            onRun(start, x);
        }
    }

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
