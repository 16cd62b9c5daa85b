using SpatialMe.Testing;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// The shot-detection fixtures: real material from ../shared/data (ranges of tokyo-walk.mp4, camera moves over the
/// demo photos) joined at known frames by hard cuts, cross-dissolves and fades through black; 320x180, H.264, about
/// 500 frames each. Transition lengths are given in frames below.
/// <para>
/// Tuning set (the thresholds were set on these): "walk" (15 fps, the video and photos), "photos" (25 fps, photos
/// only, long dissolves) and "jumps" (15 fps: jump cuts within the walk, a 3-frame dissolve, a slow dissolve between
/// two stretches of the walk; it was held out at first, and its misses changed the cut thresholds). Held-out set,
/// never tuned on: "mixed" and "final" (15 fps). Together 26 cuts, 18 dissolves, 13 fades.
/// </para>
/// </summary>
internal static class ShotFixtures
{
    public const int Width = 320;
    public const int Height = 180;

    public static IReadOnlyList<ShotFixture> BuildTuning(string directory) => [Walk(directory), Photos(directory), Jumps(directory)];

    public static IReadOnlyList<ShotFixture> BuildHeldOut(string directory) => [Mixed(directory), Final(directory)];

    public static ShotFixture Walk(string directory)
    {
        var video = SmallWalk(directory);
        var photo = PhotoPaths();
        FixtureClip[] clips =
        [
            new PhotoPan(photo(1), 40, 0.5, 1.2, 1.2, 0.1, 0.6, 0.5, 0.5),
            new VideoRange(video, 0, 40),
            new PhotoPan(photo(3), 45, 0.3, 1.0, 1.5, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(5), 35, 0.5, 1.3, 1.3, 0.9, 0.2, 0.4, 0.6),
            new PhotoPan(photo(2), 40, 0.2, 1.4, 1.4, 0.5, 0.5, 0.0, 1.0),
            new VideoRange(video, 105, 45),
            new PhotoPan(photo(7), 30, 0.6, 1.6, 1.1, 0.3, 0.5, 0.5, 0.4),
            new PhotoPan(photo(4), 45, 0.4, 1.25, 1.25, 0.0, 0.8, 0.7, 0.3),
            new VideoRange(video, 50, 45),
            new PhotoPan(photo(9), 35, 0.5, 1.1, 1.3, 0.6, 0.4, 0.2, 0.6),
            new PhotoPan(photo(6), 40, 0.5, 1.2, 1.2, 1.0, 0.0, 0.5, 0.5),
            new VideoRange(video, 155, 40),
        ];
        FixtureJoin[] joins =
        [
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(8),
            FixtureJoin.Cut,
            new FixtureJoin.FadeThroughBlack(8),
            FixtureJoin.Cut,
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(12),
            new FixtureJoin.Crossfade(6, ThroughBlack: true),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(6),
            FixtureJoin.Cut,
        ];
        return ShotFixture.Build(directory, "walk", 15, Width, Height, clips, joins);
    }

    public static ShotFixture Photos(string directory)
    {
        var photo = PhotoPaths();
        FixtureClip[] clips =
        [
            new PhotoPan(photo(10), 40, 0.3, 1.1, 1.3, 0.2, 0.4, 0.5, 0.5),
            new PhotoPan(photo(8), 50, 0.5, 1.2, 1.2, 0.0, 1.0, 0.5, 0.5),
            new PhotoPan(photo(1), 50, 0.1, 1.5, 1.2, 0.8, 0.8, 0.2, 0.6),
            new PhotoPan(photo(6), 40, 0.9, 1.3, 1.3, 0.5, 0.5, 1.0, 0.0),
            new PhotoPan(photo(3), 50, 0.7, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(2), 40, 0.8, 1.1, 1.6, 0.3, 0.7, 0.5, 0.5),
            new PhotoPan(photo(9), 50, 0.2, 1.3, 1.3, 0.9, 0.1, 0.3, 0.3),
            new PhotoPan(photo(5), 45, 0.3, 1.4, 1.1, 0.5, 0.2, 0.8, 0.4),
            new PhotoPan(photo(7), 50, 0.1, 1.2, 1.4, 0.2, 0.2, 0.1, 0.9),
            new PhotoPan(photo(4), 45, 0.9, 1.1, 1.1, 0.4, 0.9, 0.5, 0.5),
            new PhotoPan(photo(10), 45, 0.9, 1.5, 1.5, 0.9, 0.3, 0.5, 0.5),
            new PhotoPan(photo(1), 50, 0.9, 1.0, 1.3, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(2), 40, 0.1, 1.3, 1.3, 0.0, 0.6, 0.5, 0.5),
            new PhotoPan(photo(8), 45, 0.6, 1.2, 1.5, 0.7, 0.3, 0.5, 0.5),
        ];
        FixtureJoin[] joins =
        [
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(15),
            FixtureJoin.Cut,
            new FixtureJoin.FadeThroughBlack(12, BlackFrames: 4),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(20),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(10),
            new FixtureJoin.Crossfade(10, ThroughBlack: true),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(25),
            new FixtureJoin.FadeThroughBlack(6),
            FixtureJoin.Cut,
        ];
        return ShotFixture.Build(directory, "photos", 25, Width, Height, clips, joins);
    }

    /// <summary>
    /// Hard cases: jump cuts within the same street walk, a cut between two parts of the same photo, a 3-frame
    /// dissolve (nearly a cut), a slow 20-frame one between two stretches of the walk, and a very quick fade.
    /// </summary>
    public static ShotFixture Jumps(string directory)
    {
        var video = SmallWalk(directory);
        var photo = PhotoPaths();
        FixtureClip[] clips =
        [
            new VideoRange(video, 0, 30),
            new VideoRange(video, 60, 30),
            new VideoRange(video, 120, 30),
            new PhotoPan(photo(1), 35, 0.5, 1.2, 1.3, 0.2, 0.5, 0.5, 0.5),
            new PhotoPan(photo(1), 35, 0.0, 1.6, 1.6, 0.9, 0.6, 0.3, 0.3),
            new PhotoPan(photo(2), 35, 0.6, 1.1, 1.1, 0.1, 0.3, 0.5, 0.5),
            new PhotoPan(photo(6), 35, 0.3, 1.3, 1.5, 0.5, 0.5, 0.5, 0.5),
            new VideoRange(video, 40, 40),
            new VideoRange(video, 150, 45),
            new PhotoPan(photo(3), 35, 0.4, 1.2, 1.2, 0.6, 0.2, 0.5, 0.5),
            new PhotoPan(photo(10), 35, 0.6, 1.0, 1.2, 0.5, 0.5, 0.5, 0.5),
        ];
        FixtureJoin[] joins =
        [
            FixtureJoin.Cut,
            FixtureJoin.Cut,
            FixtureJoin.Cut,
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(3),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(5),
            new FixtureJoin.Crossfade(20),
            new FixtureJoin.FadeThroughBlack(3),
            new FixtureJoin.Crossfade(6, ThroughBlack: true),
        ];
        return ShotFixture.Build(directory, "jumps", 15, Width, Height, clips, joins);
    }

    /// <summary>
    /// Held out: built after the detector's thresholds were set on "walk" and "photos", and not used to change them.
    /// Harder material on purpose: a dissolve between two stretches of the same street walk (similar colours) and
    /// very short transitions.
    /// </summary>
    public static ShotFixture Mixed(string directory)
    {
        var video = SmallWalk(directory);
        var photo = PhotoPaths();
        FixtureClip[] clips =
        [
            new VideoRange(video, 20, 40),
            new VideoRange(video, 120, 40),
            new PhotoPan(photo(8), 40, 0.2, 1.0, 1.2, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(4), 35, 0.1, 1.5, 1.5, 0.2, 0.9, 0.1, 0.1),
            new VideoRange(video, 70, 40),
            new PhotoPan(photo(10), 45, 0.5, 1.3, 1.0, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(3), 40, 0.9, 1.2, 1.2, 0.0, 0.3, 0.9, 0.2),
            new VideoRange(video, 160, 35),
            new PhotoPan(photo(9), 40, 0.7, 1.1, 1.1, 0.5, 0.5, 0.0, 1.0),
            new PhotoPan(photo(5), 40, 0.0, 1.6, 1.3, 0.1, 0.6, 0.5, 0.5),
            new PhotoPan(photo(7), 45, 0.4, 1.0, 1.4, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(6), 40, 0.2, 1.2, 1.2, 0.8, 0.0, 0.6, 0.4),
            new VideoRange(video, 0, 20),
            new PhotoPan(photo(2), 40, 0.5, 1.1, 1.4, 0.4, 0.6, 0.4, 0.6),
        ];
        FixtureJoin[] joins =
        [
            new FixtureJoin.Crossfade(10),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(4),
            new FixtureJoin.FadeThroughBlack(4),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(16),
            new FixtureJoin.Crossfade(7),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(8, ThroughBlack: true),
            FixtureJoin.Cut,
            FixtureJoin.Cut,
            new FixtureJoin.FadeThroughBlack(10, BlackFrames: 2),
            FixtureJoin.Cut,
        ];
        return ShotFixture.Build(directory, "mixed", 15, Width, Height, clips, joins);
    }

    /// <summary>
    /// The last held-out fixture: built after every threshold was final and scored once, mostly gradual transitions
    /// of lengths not used elsewhere.
    /// </summary>
    public static ShotFixture Final(string directory)
    {
        var video = SmallWalk(directory);
        var photo = PhotoPaths();
        FixtureClip[] clips =
        [
            new PhotoPan(photo(5), 35, 0.8, 1.0, 1.3, 0.5, 0.5, 0.5, 0.5),
            new VideoRange(video, 10, 45),
            new PhotoPan(photo(9), 40, 0.3, 1.4, 1.4, 0.0, 0.5, 0.6, 0.6),
            new PhotoPan(photo(1), 40, 0.7, 1.2, 1.0, 0.3, 0.3, 0.5, 0.5),
            new VideoRange(video, 90, 50),
            new PhotoPan(photo(4), 35, 0.6, 1.1, 1.4, 0.7, 0.2, 0.5, 0.5),
            new PhotoPan(photo(7), 45, 0.8, 1.3, 1.3, 0.5, 0.5, 0.0, 1.0),
            new VideoRange(video, 145, 45),
            new PhotoPan(photo(8), 40, 0.4, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5),
            new PhotoPan(photo(3), 40, 0.2, 1.5, 1.2, 0.4, 0.6, 0.3, 0.7),
            new PhotoPan(photo(6), 40, 0.6, 1.2, 1.2, 0.0, 0.4, 0.5, 0.5),
        ];
        FixtureJoin[] joins =
        [
            new FixtureJoin.Crossfade(9),
            new FixtureJoin.FadeThroughBlack(5),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(24),
            new FixtureJoin.FadeThroughBlack(15, BlackFrames: 6),
            new FixtureJoin.Crossfade(5),
            FixtureJoin.Cut,
            new FixtureJoin.Crossfade(12, ThroughBlack: true),
            new FixtureJoin.Crossfade(14),
            FixtureJoin.Cut,
        ];
        return ShotFixture.Build(directory, "final", 15, Width, Height, clips, joins);
    }

    /// <summary>
    /// tokyo-walk.mp4 scaled to the fixtures' size once per folder (lossless FFV1), so that each range of it is cut
    /// from a small video instead of decoding the 720p original again.
    /// </summary>
    private static string SmallWalk(string directory)
    {
        var small = Path.Combine(directory, "tokyo-walk-small.mkv");
        if (!File.Exists(small))
        {
            TestClips.RunFFmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", SharedData.RequireFile("video/tokyo-walk.mp4"),
                "-vf", $"scale={Width}:{Height}", "-c:v", "ffv1", small]);
        }

        return small;
    }

    private static Func<int, string> PhotoPaths()
    {
        var images = SharedData.RequireDirectory("images");
        return n => Path.Combine(images, $"demo{n:00}.jpg");
    }
}
