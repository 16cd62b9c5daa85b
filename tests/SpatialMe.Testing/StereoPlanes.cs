using System.Globalization;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Testing;

/// <summary>
/// A synthetic stereo shot with exactly known parallax: a textured background plane and a textured foreground
/// rectangle, each at one integer parallax (p = x_right − x_left, px; negative = in front of the screen). Unlike
/// <see cref="LayeredScene"/> every texture is defined everywhere, so the right view is complete, as a real camera's
/// is: what the left view hides the right one shows. The scene may pan (both views move together) and the right view
/// may jitter (a per-frame horizontal shift of the right view alone: flicker a conversion could make).
/// </summary>
public sealed record StereoPlanes(int Width, int Height, int BackgroundParallax, int ForegroundParallax, int ForegroundX, int ForegroundY, int ForegroundWidth, int ForegroundHeight)
{
    /// <summary>Pixels the whole scene moves right per frame.</summary>
    public int PanPerFrame { get; init; }

    /// <summary>Right view shifted by ±this many pixels on alternate frames (0 = steady).</summary>
    public int RightJitter { get; init; }

    public (RgbImage Left, RgbImage Right) Frame(int t)
    {
        var pan = t * PanPerFrame;
        var jitter = t % 2 == 0 ? RightJitter : -RightJitter;
        return (View(pan, 0, 0), View(pan, BackgroundParallax + jitter, ForegroundParallax + jitter));
    }

    /// <summary>The full side-by-side frame (left | right).</summary>
    public RgbImage SideBySide(int t)
    {
        var (left, right) = Frame(t);
        var sbs = new RgbImage(2 * Width, Height);
        for (var y = 0; y < Height; y++)
        {
            left.ReadRow(y).CopyTo(sbs.Row(y));
            right.ReadRow(y).CopyTo(sbs.Row(y)[(3 * Width)..]);
        }

        return sbs;
    }

    /// <summary>Writes <paramref name="frames"/> side-by-side frames as a lossless H.264 (RGB) video and returns its path.</summary>
    public string WriteSideBySide(string directory, int frames, string name = "planes", string frameRate = "25")
    {
        var raw = Path.Combine(directory, $"{name}.rgb");
        using (var stream = File.Create(raw))
        {
            for (var t = 0; t < frames; t++)
            {
                stream.Write(SideBySide(t).Pixels);
            }
        }

        var path = Path.Combine(directory, $"{name}.mkv");
        TestClips.RunFFmpeg(
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{2 * Width}x{Height}"), "-r", frameRate, "-i", raw,
            "-c:v", "libx264rgb", "-qp", "0", "-preset", "ultrafast", path,
        ]);
        File.Delete(raw);
        return path;
    }

    /// <summary>Writes the left views alone as a lossless H.264 (RGB) video: a textured 2D clip to convert.</summary>
    public string WriteLeftView(string directory, int frames, string name = "planes-left", string frameRate = "25")
    {
        var raw = Path.Combine(directory, $"{name}.rgb");
        using (var stream = File.Create(raw))
        {
            for (var t = 0; t < frames; t++)
            {
                stream.Write(Frame(t).Left.Pixels);
            }
        }

        var path = Path.Combine(directory, $"{name}.mkv");
        TestClips.RunFFmpeg(
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}"), "-r", frameRate, "-i", raw,
            "-c:v", "libx264rgb", "-qp", "0", "-preset", "ultrafast", path,
        ]);
        File.Delete(raw);
        return path;
    }

    /// <summary>A view whose background is shifted by <paramref name="backgroundShift"/> and foreground by <paramref name="foregroundShift"/>.</summary>
    private RgbImage View(int pan, int backgroundShift, int foregroundShift)
    {
        var image = new RgbImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < Width; x++)
            {
                // Scene coordinate seen at x: the left view's x minus this view's shift and the pan.
                var fx = x - foregroundShift - pan;
                var inForeground = fx >= ForegroundX && fx < ForegroundX + ForegroundWidth && y >= ForegroundY && y < ForegroundY + ForegroundHeight;
                var (seed, sx) = inForeground ? (7, fx) : (3, x - backgroundShift - pan);
                for (var c = 0; c < 3; c++)
                {
                    row[(3 * x) + c] = ValueNoise(seed + (11 * c), sx, y);
                }
            }
        }

        return image;
    }

    /// <summary>Smooth random texture: random values on a 4-px grid, bilinearly interpolated (defined for any x, y).</summary>
    private static byte ValueNoise(int seed, int x, int y)
    {
        const int Cell = 4;
        var gx = Math.DivRem(x, Cell, out var rx);
        var gy = Math.DivRem(y, Cell, out var ry);
        if (rx < 0)
        {
            gx--;
            rx += Cell;
        }

        var fx = rx / (double)Cell;
        var fy = ry / (double)Cell;
        var top = (Hash(seed, gx, gy) * (1 - fx)) + (Hash(seed, gx + 1, gy) * fx);
        var bottom = (Hash(seed, gx, gy + 1) * (1 - fx)) + (Hash(seed, gx + 1, gy + 1) * fx);
        return (byte)Math.Clamp((int)Math.Round((top * (1 - fy)) + (bottom * fy)), 0, 255);
    }

    private static double Hash(int seed, int x, int y)
    {
        unchecked
        {
            var h = (uint)((seed * 73856093) ^ (x * 19349663) ^ (y * 83492791));
            h ^= h >> 13;
            h *= 0x5bd1e995;
            h ^= h >> 15;
            return 16 + (h % 224);
        }
    }
}
