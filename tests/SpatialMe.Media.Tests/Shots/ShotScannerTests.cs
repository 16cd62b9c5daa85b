using SpatialMe.Media.Shots;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>Shot detection on real video files: one continuous shot, a flash, the repository's sample, bad input.</summary>
public sealed class ShotScannerTests
{
    [SkippableFact]
    public async Task TokyoWalk_a_single_shot_with_a_walking_camera_is_one_shot()
    {
        var shots = await ShotScanner.ScanAsync(SharedData.RequireFile("video/tokyo-walk.mp4"));

        Assert.Equal([new Shot(0, 195, ShotTransition.Start)], shots);
    }

    [SkippableFact]
    public async Task TokyoWalk_with_a_two_frame_brightness_flash_is_still_one_shot()
    {
        var video = SharedData.RequireFile("video/tokyo-walk.mp4");
        using var dir = new TempDirectory();
        var flashed = dir.File("flash.mp4");
        TestClips.RunFFmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", video,
            "-vf", "scale=320:180,eq=brightness=0.35:enable='between(n,80,81)'", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", flashed]);

        var shots = await ShotScanner.ScanAsync(flashed);

        Assert.Equal([new Shot(0, 195, ShotTransition.Start)], shots);
    }

    [SkippableFact]
    public async Task TokyoWalk_sped_up_four_times_fast_camera_motion_is_still_one_shot()
    {
        var video = SharedData.RequireFile("video/tokyo-walk.mp4");
        using var dir = new TempDirectory();
        var fast = dir.File("fast.mp4");
        TestClips.RunFFmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", video,
            "-vf", "select='not(mod(n,4))',setpts=N/15/TB,scale=320:180", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", fast]);

        var shots = await ShotScanner.ScanAsync(fast);

        Assert.Equal([new Shot(0, 49, ShotTransition.Start)], shots);
    }

    [Fact]
    public async Task The_sample_clip_has_its_cut_at_frame_66()
    {
        var sample = Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4");

        var shots = await ShotScanner.ScanAsync(sample);

        Assert.Equal([new Shot(0, 66, ShotTransition.Start), new Shot(66, 100, ShotTransition.Cut)], shots);
    }

    [Fact]
    public async Task A_missing_file_or_a_file_that_is_no_video_fails_naming_the_file()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("missing.mp4");
        var text = dir.File("notes.mp4");
        await File.WriteAllTextAsync(text, "not a video");

        var e1 = await Assert.ThrowsAsync<MediaException>(() => ShotScanner.ScanAsync(missing));
        var e2 = await Assert.ThrowsAsync<MediaException>(() => ShotScanner.ScanAsync(text));

        Assert.Contains(missing, e1.Message);
        Assert.Contains(text, e2.Message);
    }

    [Fact]
    public void Large_videos_are_decoded_small_keeping_their_aspect()
    {
        var info = new VideoInfo
        {
            Path = "x.mp4",
            Width = 1920,
            Height = 1080,
            FrameRate = new Rational(25, 1),
            FrameCount = 10,
            Duration = TimeSpan.FromSeconds(0.4),
            CodecName = "h264",
            PixelFormat = "yuv420p",
            TimeBase = new Rational(1, 12800),
        };

        var small = ShotScanner.Downscaled(info);

        Assert.Equal((160, 90), (small.Width, small.Height));
        var narrow = info with { Width = 120, Height = 90 };
        Assert.Same(narrow, ShotScanner.Downscaled(narrow));
    }
}
