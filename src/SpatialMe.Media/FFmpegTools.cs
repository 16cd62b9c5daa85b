using FFMpegCore;

namespace SpatialMe.Media;

/// <summary>
/// Finds the system ffmpeg and ffprobe and points FFMpegCore's <see cref="GlobalFFOptions"/> at them.
/// A folder configured elsewhere in the process is respected; otherwise /usr/bin, then PATH.
/// </summary>
internal static class FFmpegTools
{
    private static readonly Lock Gate = new();
    private static string? binaryFolder;

    public static string FFmpegPath => Path.Combine(BinaryFolder, ExecutableName("ffmpeg"));

    public static string FFprobePath => Path.Combine(BinaryFolder, ExecutableName("ffprobe"));

    public static string BinaryFolder
    {
        get
        {
            lock (Gate)
            {
                return binaryFolder ??= Configure();
            }
        }
    }

    private static string Configure()
    {
        var configured = GlobalFFOptions.Current.BinaryFolder;
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, ExecutableName("ffmpeg"))))
        {
            return configured;
        }

        var found = Candidates().FirstOrDefault(folder =>
            File.Exists(Path.Combine(folder, ExecutableName("ffmpeg"))) && File.Exists(Path.Combine(folder, ExecutableName("ffprobe"))))
            ?? throw new MediaException("ffmpeg and ffprobe were not found in /usr/bin or on PATH; install ffmpeg (e.g. apt-get install ffmpeg).");
        GlobalFFOptions.Configure(options => options.BinaryFolder = found);
        return found;
    }

    private static IEnumerable<string> Candidates()
    {
        yield return "/usr/bin";
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return folder;
        }
    }

    private static string ExecutableName(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;
}
