using System.Globalization;

namespace SpatialMe.Testing;

/// <summary>
/// The farm tests' clip (farm and CLI tests): 48 real frames of the repository's sample (city at night, with its hard cut), scaled to
/// 256x144 so a whole job takes seconds. Frames 40-87 of the sample: the cut falls at frame 26 of the clip, so the
/// clip has two shots and, with short segments, several overlapping segments per shot.
/// </summary>
public static class FarmClips
{
    public const int Frames = 48;
    public const int CutFrame = 26;

    private static readonly Lazy<string> Clip = new(CreateClip);

    public static string CityNight => Clip.Value;

    private static string CreateClip()
    {
        var folder = Path.Combine(Path.GetTempPath(), "spatialme-farm-clips");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "city-night-256.mp4");
        if (!File.Exists(path))
        {
            var partial = path + $".{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.mp4";
            TestClips.RunFFmpeg(
            [
                "-hide_banner", "-loglevel", "error", "-y", "-i", Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4"),
                "-vf", "select='between(n\\,40\\,87)',setpts=N/FRAME_RATE/TB,scale=256:144", "-frames:v", "48",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-g", "12", "-pix_fmt", "yuv420p", partial,
            ]);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}
