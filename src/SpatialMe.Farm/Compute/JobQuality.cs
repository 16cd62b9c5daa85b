using System.Text;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media.Quality;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The stereo QC of a finished job (docs/qc.md): analyses the published output (a blob output through a local copy)
/// and commits the report's JSON and HTML page to the media store.
/// </summary>
public static class JobQuality
{
    /// <summary>Runs the analysis; <paramref name="progress"/> reports output frames decoded.</summary>
    public static async Task<StereoQualityReport> RunAsync(QualityOrder order, IMediaStore store, MediaFiles files, Action<int> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        var layout = StereoFormats.Parse(order.Format);
        if (!StereoViews.Readable.Contains(layout))
        {
            throw new ArgumentException($"the output format '{order.Format}' does not hold both views, so its stereo cannot be checked.");
        }

        var report = await files.WithInputAsync(order.Output, path => StereoVideoQuality.AnalyzeAsync(
            path,
            new StereoVideoQualityRequest { Layout = layout, SeamFrames = order.SeamFrames, Source = MediaFiles.Display(order.Output), JobId = order.JobId },
            (done, _) => progress(done),
            ct), ct);
        await WriteTextAsync(store, order.JsonKey, StereoQualityJson.Serialize(report), ct);
        await WriteTextAsync(store, order.HtmlKey, StereoQualityHtml.Render(report), ct);
        return report;
    }

    /// <summary>
    /// Output frames (from 0) where two rendered segments of one shot meet: where the later one's overlap begins and
    /// where the earlier one's ends (the same edges as <see cref="SeamAnalysis.SeamEdges"/>, as frames of the output).
    /// </summary>
    public static IReadOnlyList<int> SeamFrames(IReadOnlyList<(int Shot, int Start, int End)> segments, int startFrame)
    {
        var frames = new List<int>();
        foreach (var shot in segments.GroupBy(s => s.Shot))
        {
            var ordered = shot.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                frames.Add(ordered[i].Start - startFrame);
                frames.Add(ordered[i - 1].End - startFrame);
            }
        }

        return frames.Where(f => f > 0).Distinct().Order().ToList();
    }

    /// <summary>The stored report (text), or null where there is none.</summary>
    public static async Task<string?> ReadAsync(IMediaStore store, string key, CancellationToken ct)
    {
        if (!await store.ExistsAsync(key, ct))
        {
            return null;
        }

        return await File.ReadAllTextAsync(await store.GetLocalPathAsync(key, ct), Encoding.UTF8, ct);
    }

    private static async Task WriteTextAsync(IMediaStore store, string key, string text, CancellationToken ct)
    {
        var scratch = store.NewScratchPath(key);
        try
        {
            await File.WriteAllTextAsync(scratch, text, new UTF8Encoding(false), ct);
            await store.CommitAsync(scratch, key, ct);
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
