using System.Security.Cryptography;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Tests;

/// <summary>Helpers for tests that look at decoded frames.</summary>
internal static class Frames
{
    public static async Task<List<RgbImage>> ReadAllAsync(VideoInfo info, int start = 0, int? end = null)
    {
        var frames = new List<RgbImage>();
        await foreach (var frame in FrameReader.ReadAsync(info, start, end ?? info.FrameCount))
        {
            frames.Add(frame);
        }

        return frames;
    }

    public static string Hash(RgbImage frame) => Convert.ToHexString(SHA256.HashData(frame.Pixels));

    public static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = r;
            image.Pixels[i + 1] = g;
            image.Pixels[i + 2] = b;
        }

        return image;
    }

    /// <summary>A frame whose content depends on <paramref name="index"/>, so dropped or repeated frames would show.</summary>
    public static RgbImage Numbered(int width, int height, int index)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[3 * x] = (byte)(index * 8);
                row[(3 * x) + 1] = (byte)(x * 255 / width);
                row[(3 * x) + 2] = (byte)(y * 255 / height);
            }
        }

        return image;
    }

    /// <summary>Files in <paramref name="directory"/> whose name marks them as a writer's partial output.</summary>
    public static string[] PartialFiles(string directory) =>
        Directory.GetFiles(directory).Where(f => Path.GetFileName(f).Contains(".partial-", StringComparison.Ordinal)).ToArray();
}
