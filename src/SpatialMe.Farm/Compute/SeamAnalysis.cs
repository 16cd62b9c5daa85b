using SpatialMe.Farm.Storage;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;

namespace SpatialMe.Farm.Compute;

/// <summary>How visible the segment seams of a converted shot are, against the shot's own frame-to-frame motion.</summary>
/// <param name="TypicalDisparityChange">Median over the shot of |mean disparity(t+1) − mean disparity(t)|, px.</param>
/// <param name="HighDisparityChange">90th percentile of the same, px.</param>
/// <param name="SeamDisparityChange">Largest of the same at a seam edge (where an overlap begins or ends), px.</param>
/// <param name="TypicalViewChange">Median mean absolute difference between consecutive right views (0–255).</param>
/// <param name="HighViewChange">90th percentile of the same.</param>
/// <param name="SeamViewChange">Largest of the same at a seam edge.</param>
/// <param name="SeamEdges">Frame transitions measured as seam edges.</param>
public sealed record SeamFigures(
    double TypicalDisparityChange,
    double HighDisparityChange,
    double SeamDisparityChange,
    double TypicalViewChange,
    double HighViewChange,
    double SeamViewChange,
    int SeamEdges);

/// <summary>
/// Measures seams from what a job leaves behind: the per-frame disparity statistics of its rendered segments (kept
/// with <c>--keep-intermediates</c>) and its right-view output. A seam edge is the step from the last frame before an
/// overlap into it, or from its last frame out of it — where one segment's contribution starts or stops.
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

    public static SeamFigures Measure(float[] meanDisparity, double[] viewChanges, IReadOnlyList<int> seamEdges)
    {
        var disparityChanges = meanDisparity.Zip(meanDisparity.Skip(1), (a, b) => (double)Math.Abs(b - a)).ToArray();
        var inRange = seamEdges.Where(e => e < disparityChanges.Length && e < viewChanges.Length).ToList();
        return new SeamFigures(
            Percentile(disparityChanges, 50),
            Percentile(disparityChanges, 90),
            inRange.Count > 0 ? inRange.Max(e => disparityChanges[e]) : 0,
            Percentile(viewChanges, 50),
            Percentile(viewChanges, 90),
            inRange.Count > 0 ? inRange.Max(e => viewChanges[e]) : 0,
            inRange.Count);
    }

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
