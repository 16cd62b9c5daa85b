namespace SpatialMe.Stereo.Packing;

/// <summary>
/// Exact area (box) resampling weights from <c>sourceCount</c> samples to <c>targetCount</c> samples, in integers.
/// </summary>
/// <remarks>
/// Measured in units of 1/targetCount of a source sample, source sample i spans [i·t, (i+1)·t) and target sample j
/// spans [j·s, (j+1)·s); each source sample's weight is its overlap with the target, so the weights of a target sum
/// to s and the value is <c>(Σ weight·value + s/2) / s</c>, i.e. the exact box average rounded half up. For
/// s = 2t this is the plain average of each pair, <c>(a + b + 1) / 2</c>. Integers keep it exact and cheap.
/// </remarks>
internal sealed class BoxCoverage
{
    public BoxCoverage(int sourceCount, int targetCount)
    {
        if (targetCount <= 0 || targetCount > sourceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(targetCount), $"Cannot box-resample {sourceCount} samples to {targetCount}.");
        }

        SourceCount = sourceCount;
        TargetCount = targetCount;
        First = new int[targetCount];
        Offsets = new int[targetCount + 1];
        var weights = new List<int>(sourceCount + targetCount);
        for (var j = 0; j < targetCount; j++)
        {
            long start = (long)j * sourceCount;
            long end = start + sourceCount;
            var first = (int)(start / targetCount);
            First[j] = first;
            Offsets[j] = weights.Count;
            for (var i = first; i < sourceCount && (long)i * targetCount < end; i++)
            {
                var lo = Math.Max((long)i * targetCount, start);
                var hi = Math.Min((long)(i + 1) * targetCount, end);
                weights.Add((int)(hi - lo));
            }
        }

        Offsets[targetCount] = weights.Count;
        Weights = [.. weights];
    }

    public int SourceCount { get; }

    public int TargetCount { get; }

    /// <summary>First source sample covered by each target sample.</summary>
    public int[] First { get; }

    /// <summary>Target j's weights are <c>Weights[Offsets[j] .. Offsets[j + 1])</c>, for sources First[j], First[j] + 1, ….</summary>
    public int[] Offsets { get; }

    public int[] Weights { get; }

    /// <summary>Rounds a weighted sum (weights summing to <see cref="SourceCount"/>) to the nearest byte, half up.</summary>
    public byte Normalise(int weightedSum) => (byte)((weightedSum + (SourceCount / 2)) / SourceCount);
}
