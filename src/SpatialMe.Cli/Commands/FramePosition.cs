using System.Globalization;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// A position in a video given on the command line: a frame number (<c>120</c>), seconds (<c>4.8s</c>), or a timestamp
/// (<c>00:01:02.5</c> or <c>1:02.5</c>). Resolved to a frame index once the frame rate is known.
/// </summary>
public readonly record struct FramePosition(long? Frame, TimeSpan? Time)
{
    public static FramePosition Parse(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var frame))
        {
            return new FramePosition(frame, null);
        }

        if (text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return new FramePosition(null, TimeSpan.FromSeconds(seconds));
        }

        var parts = text.Split(':');
        if (parts.Length is 2 or 3 && parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0))
        {
            var total = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).Aggregate(0.0, (acc, v) => (acc * 60) + v);
            return new FramePosition(null, TimeSpan.FromSeconds(total));
        }

        throw new FormatException($"'{text}' is not a frame number (e.g. 120), seconds (e.g. 4.8s) or a timestamp (e.g. 00:01:02.5).");
    }

    public int ToFrame(double frameRate) =>
        Frame is { } f ? (int)Math.Min(f, int.MaxValue) : (int)Math.Round(Time!.Value.TotalSeconds * frameRate);

    public override string ToString() => Frame?.ToString(CultureInfo.InvariantCulture) ?? Time!.Value.ToString();
}
