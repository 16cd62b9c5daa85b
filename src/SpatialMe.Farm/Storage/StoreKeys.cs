using System.Globalization;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// The media-store layout of a job. Keys are fixed by job id and segment index (the job id itself is a hash of the
/// input and settings), so a retried write lands on the same key and replaces the earlier one.
/// </summary>
public static class StoreKeys
{
    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";

    public static string Depth(string jobId, int segment) => $"jobs/{jobId}/depth/{Index(segment)}.smdepth";

    public static string Ranges(string jobId, int segment) => $"jobs/{jobId}/depth/{Index(segment)}.ranges.json";

    public static string Align(string jobId, int shot) => $"jobs/{jobId}/align/shot-{Index(shot)}.json";

    public static string Views(string jobId, int segment) => $"jobs/{jobId}/views/{Index(segment)}.mkv";

    /// <summary>Per-frame disparity statistics of a rendered segment (beside its views).</summary>
    public static string Stats(string jobId, int segment) => $"jobs/{jobId}/views/{Index(segment)}.stats.json";

    /// <summary>The job's latest rendered frame (side by side JPEG); outside the job's prefix, so it outlives the intermediates.</summary>
    public static string Preview(string jobId) => $"previews/{jobId}.jpg";

    /// <summary>The job's stereo QC report (JSON): outside <see cref="JobPrefix"/>, so the clean-up of intermediates keeps it.</summary>
    public static string QualityJson(string jobId) => $"qc/{jobId}/qc.json";

    /// <summary>The job's stereo QC report as a self-contained HTML page, beside <see cref="QualityJson"/>.</summary>
    public static string QualityHtml(string jobId) => $"qc/{jobId}/qc.html";

    private static string Index(int i) => i.ToString("D5", CultureInfo.InvariantCulture);
}
