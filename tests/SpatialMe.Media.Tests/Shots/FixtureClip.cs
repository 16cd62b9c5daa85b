using System.Globalization;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// One shot of a shot-detection fixture, made from real material: a camera move over a photograph (ffmpeg zoompan)
/// or a range of frames of a real video. <see cref="Frames"/> is exact: the joined fixture's ground truth is
/// computed from these counts.
/// </summary>
internal abstract record FixtureClip(int Frames)
{
    /// <summary>The ffmpeg input (one <c>-i</c>) this clip reads.</summary>
    public abstract string InputPath { get; }

    /// <summary>The filter chain from the input to exactly <see cref="Frames"/> frames of the fixture's size and rate.</summary>
    public abstract string Filter(int width, int height, int rate);

    protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A pan and zoom over a 16:9 band of a photo, linear in time from (<paramref name="ZoomFrom"/>, <paramref name="XFrom"/>,
/// <paramref name="YFrom"/>) to the "To" values. X and Y are where the view sits in the free room, 0 (left/top) to 1.
/// The photo is first scaled to 960 px wide so that zoompan's whole-pixel crop steps are a third of an output pixel.
/// </summary>
internal sealed record PhotoPan(
    string Photo, int Frames, double BandTop, double ZoomFrom, double ZoomTo, double XFrom, double XTo, double YFrom, double YTo)
    : FixtureClip(Frames)
{
    public override string InputPath => Photo;

    public override string Filter(int width, int height, int rate)
    {
        var last = Math.Max(1, Frames - 1);
        return Invariant($"scale=960:-2,crop=960:540:0:(ih-540)*{BandTop},")
            + Invariant($"zoompan=z='{ZoomFrom}+{ZoomTo - ZoomFrom}*on/{last}'")
            + Invariant($":x='(iw-iw/zoom)*({XFrom}+{XTo - XFrom}*on/{last})'")
            + Invariant($":y='(ih-ih/zoom)*({YFrom}+{YTo - YFrom}*on/{last})'")
            + Invariant($":d={Frames}:s={width}x{height}:fps={rate}");
    }
}

/// <summary>Frames <paramref name="First"/> .. First + Frames - 1 of a real video, scaled to the fixture's size (same rate).</summary>
internal sealed record VideoRange(string Video, int First, int Frames) : FixtureClip(Frames)
{
    public override string InputPath => Video;

    public override string Filter(int width, int height, int rate) =>
        Invariant($"trim=start_frame={First}:end_frame={First + Frames},setpts=PTS-STARTPTS,scale={width}:{height}");
}
