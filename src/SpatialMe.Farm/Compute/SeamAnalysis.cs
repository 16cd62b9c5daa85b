using SpatialMe.Farm.Storage;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// How visible the segment seams of a converted shot are. "Change" is the step from one frame to the next: of the
/// mean disparity (px) and of the right view (mean absolute difference, 0–255). The typical change is the shot's own
/// (median over the unsegmented conversion); the seam's extra change is how much larger the step is in the segmented
/// conversion than in the unsegmented one at a seam edge (where an overlap begins or ends) — what the seam adds.
/// </summary>
public sealed record SeamFigures(
    double TypicalDisparityChange,
    double SeamDisparityChange,
    double SeamExtraDisparityChange,
    double TypicalViewChange,
    double SeamViewChange,
    double SeamExtraViewChange,
    int SeamEdges);

/// <summary>
/// Measures seams from what jobs leave behind: the per-frame disparity statistics of their rendered segments (kept
/// with <c>--keep-intermediates</c>) and their right-view outputs, for the shot converted segmented and unsegmented.
/// A seam edge is the step from the last frame before an overlap into it, or from its last frame out of it — where
/// one segment's contribution starts or stops.
/// </summary>
public static class SeamAnalysis
{
    /// <summary>Mean disparity of every output frame (frames <paramref name="start"/> ..), from the segments' stats.</summary>
    public static async Task<float[]> MeanDisparityAsync(
        IMediaStore store, string jobId, IReadOnlyList<(int Index, int Start, int End)> segments, int start, int end, CancellationToken ct = default)
    {
        var mean = new float?[end - start];
        foreach (var segment in segments)
        {
            var stats = await StoreJson.ReadAsync<DisparityStats>(store, StoreKeys.Stats(jobId, segment.Index), ct);
            for (var i = 0; i < stats.Mean.Count; i++)
            {
                mean[stats.Start + i - start] ??= stats.Mean[i];
            }
        }

        return mean.Select((m, i) => m ?? throw new InvalidDataException($"no disparity statistics for frame {start + i}")).ToArray();
    }

    /// <summary>Mean absolute difference (0–255, all channels) between each decoded frame and the next.</summary>
    public static async Task<double[]> ViewChangesAsync(string video, CancellationToken ct = default)
    {
        var info = await VideoProbe.ProbeAsync(video, ct);
        var changes = new List<double>();
        RgbImage? previous = null;
        await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount, ct))
        {
            if (previous is not null)
            {
                long sum = 0;
                var a = previous.Pixels;
                var b = frame.Pixels;
                for (var i = 0; i < a.Length; i++)
                {
                    sum += Math.Abs(a[i] - b[i]);
                }

                changes.Add((double)sum / a.Length);
            }

            previous = frame;
        }

        return [.. changes];
    }

    /// <summary>PSNR of every frame of <paramref name="candidate"/> against <paramref name="reference"/>: mean and worst.</summary>
    public static async Task<(double Mean, double Worst)> PsnrAsync(string reference, string candidate, CancellationToken ct = default)
    {
        var a = await VideoProbe.ProbeAsync(reference, ct);
        var b = await VideoProbe.ProbeAsync(candidate, ct);
        var values = new List<double>();
        await using var others = FrameReader.ReadAsync(b, 0, b.FrameCount, ct).GetAsyncEnumerator(ct);
        await foreach (var frame in FrameReader.ReadAsync(a, 0, a.FrameCount, ct))
        {
            if (!await others.MoveNextAsync())
            {
                throw new InvalidDataException($"'{candidate}' has fewer frames than '{reference}'.");
            }

            var psnr = ImageMetrics.Compare(frame, others.Current).Psnr;
            values.Add(double.IsFinite(psnr) ? psnr : 100);
        }

        return (values.Average(), values.Min());
    }

    /// <summary>The seam edges of a segment plan, as indices into the frame-to-frame change arrays.</summary>
    public static IReadOnlyList<int> SeamEdges(IReadOnlyList<(int Index, int Start, int End)> segments, int start)
    {
        var edges = new List<int>();
        var ordered = segments.OrderBy(s => s.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, next) = (ordered[i - 1], ordered[i]);
            if (next.Start < previous.End)
            {
                edges.Add(next.Start - 1 - start);
                edges.Add(previous.End - 1 - start);
            }
        }

        return edges.Where(e => e >= 0).Distinct().Order().ToList();
    }

    /// <summary>Seam figures of a segmented conversion against the unsegmented conversion of the same shot.</summary>
    public static SeamFigures Measure(
        float[] wholeDisparity, double[] wholeViewChanges, float[] splitDisparity, double[] splitViewChanges, IReadOnlyList<int> seamEdges)
    {
        var whole = Changes(wholeDisparity);
        var split = Changes(splitDisparity);
        var edges = seamEdges.Where(e => e < split.Length && e < splitViewChanges.Length && e < wholeViewChanges.Length).ToList();
        return new SeamFigures(
            Percentile(whole, 50),
            edges.Count > 0 ? edges.Max(e => split[e]) : 0,
            edges.Count > 0 ? edges.Max(e => Math.Max(0, split[e] - whole[e])) : 0,
            Percentile(wholeViewChanges, 50),
            edges.Count > 0 ? edges.Max(e => splitViewChanges[e]) : 0,
            edges.Count > 0 ? edges.Max(e => Math.Max(0, splitViewChanges[e] - wholeViewChanges[e])) : 0,
            edges.Count);
    }

    private static double[] Changes(float[] values) => values.Zip(values.Skip(1), (a, b) => (double)Math.Abs(b - a)).ToArray();

    private static double Percentile(double[] values, double percent)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
