namespace SpatialMe.Media.Shots;

/// <summary>
/// Median and median absolute deviation of a handful of values: the local "normal" level of a signal and its
/// spread, which a single spike (a cut, a flash) in the window does not move.
/// </summary>
internal readonly record struct RobustLevel(float Median, float Spread)
{
    /// <summary>MAD scaled to a standard deviation for normally distributed values.</summary>
    private const float MadToSigma = 1.4826f;

    /// <summary>NaN values are skipped; an empty window gives level 0 with spread 0. Sorts <paramref name="values"/> in place.</summary>
    public static RobustLevel Of(Span<float> values)
    {
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsNaN(values[i]))
            {
                values[count++] = values[i];
            }
        }

        if (count == 0)
        {
            return new RobustLevel(0, 0);
        }

        var kept = values[..count];
        kept.Sort();
        var median = MedianOfSorted(kept);
        for (var i = 0; i < count; i++)
        {
            kept[i] = MathF.Abs(kept[i] - median);
        }

        kept.Sort();
        return new RobustLevel(median, MadToSigma * MedianOfSorted(kept));
    }

    private static float MedianOfSorted(ReadOnlySpan<float> sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5f * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
}
