namespace SpatialMe.Media.Tests.Shots;

/// <summary>How one fixture clip is joined to the one before it.</summary>
internal abstract record FixtureJoin
{
    public static FixtureJoin Cut { get; } = new HardCut();

    /// <summary>ffmpeg concat: the new clip's first frame follows the old clip's last frame.</summary>
    public sealed record HardCut : FixtureJoin;

    /// <summary>
    /// ffmpeg xfade over <paramref name="Frames"/> frames: the old clip's last Frames frames overlap the new clip's
    /// first ones. With <paramref name="ThroughBlack"/> it is xfade's "fadeblack" (a quick dip to black, then a fade
    /// in), a fade; otherwise "fade", a linear cross-dissolve.
    /// </summary>
    public sealed record Crossfade(int Frames, bool ThroughBlack = false) : FixtureJoin;

    /// <summary>
    /// ffmpeg fade filters and concat: the old clip fades out to black over <paramref name="Frames"/> frames and then
    /// stays black for <paramref name="BlackFrames"/>; the new clip fades in from black over Frames frames.
    /// </summary>
    public sealed record FadeThroughBlack(int Frames, int BlackFrames = 0) : FixtureJoin;
}
