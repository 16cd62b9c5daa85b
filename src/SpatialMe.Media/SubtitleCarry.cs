namespace SpatialMe.Media;

/// <summary>
/// Decides, per output container, how each subtitle track of the source is carried over: copied where the
/// container can hold it, converted where it is text the container holds in another form (SRT/ASS → mov_text
/// for MP4, mov_text → SRT for Matroska), refused where it is a bitmap format the container cannot hold.
/// </summary>
internal static class SubtitleCarry
{
    private static readonly HashSet<string> TextCodecs = ["subrip", "srt", "ass", "ssa", "webvtt", "mov_text", "text"];

    /// <summary>The ffmpeg subtitle encoder for each source track ("copy" where no conversion is needed).</summary>
    public static IReadOnlyList<string> Plan(string outputPath, IReadOnlyList<string> sourceCodecs)
    {
        var extension = Path.GetExtension(outputPath).ToLowerInvariant();
        var plan = new List<string>(sourceCodecs.Count);
        for (var i = 0; i < sourceCodecs.Count; i++)
        {
            var codec = sourceCodecs[i];
            var choice = extension switch
            {
                ".mp4" or ".m4v" or ".mov" => codec switch
                {
                    "mov_text" or "dvd_subtitle" => "copy",
                    _ when TextCodecs.Contains(codec) => "mov_text",
                    _ => null,
                },
                ".mkv" => codec == "mov_text" ? "srt" : "copy",
                ".webm" => codec == "webvtt" ? "copy" : TextCodecs.Contains(codec) ? "webvtt" : null,
                _ => "copy",
            };
            plan.Add(choice ?? throw new MediaException(
                outputPath,
                $"cannot write output '{outputPath}': the source's subtitle track {i} ({codec}) cannot be stored in a {extension} file; use .mkv"));
        }

        return plan;
    }
}
