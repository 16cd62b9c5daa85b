using SpatialMe.Media.Shots;
using SpatialMe.Stereo.Imaging;
using static SpatialMe.Media.Tests.Shots.SyntheticShots;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>The detector on synthetic frames (no ffmpeg): each kind of transition, and what must not be one.</summary>
public sealed class ShotDetectorTests
{
    [Fact]
    public void No_frames_give_no_shots_and_one_frame_gives_one_shot()
    {
        Assert.Empty(ShotDetector.Detect([]));
        Assert.Equal([new Shot(0, 1, ShotTransition.Start)], ShotDetector.Detect([Stripes(0)]));
    }

    [Fact]
    public void A_hard_cut_starts_a_shot_at_the_first_new_frame()
    {
        var frames = Enumerable.Range(0, 30).Select(i => Stripes(2 * i))
            .Concat(Enumerable.Range(0, 30).Select(i => Blobs(2 * i)));

        Assert.Equal([new Shot(0, 30, ShotTransition.Start), new Shot(30, 60, ShotTransition.Cut)], ShotDetector.Detect(frames));
    }

    [Fact]
    public void A_linear_dissolve_starts_a_shot_within_the_blend()
    {
        // Frames 30..39 blend the moving stripes into the moving blobs (weights 1/11 .. 10/11).
        var frames = new List<RgbImage>();
        frames.AddRange(Enumerable.Range(0, 30).Select(i => Stripes(i)));
        frames.AddRange(Enumerable.Range(0, 10).Select(i => Blend(Stripes(30 + i), Blobs(i), (i + 1) / 11.0)));
        frames.AddRange(Enumerable.Range(10, 30).Select(i => Blobs(i)));

        var shots = ShotDetector.Detect(frames);

        Assert.Equal(2, shots.Count);
        Assert.Equal(ShotTransition.Dissolve, shots[1].Transition);
        Assert.InRange(shots[1].Start, 32, 38);
    }

    [Fact]
    public void A_fade_through_black_starts_a_shot_after_the_darkest_frame()
    {
        // Frames 25..30 fade out to black at 30; 31..36 fade in (frame 30 is the darkest).
        var frames = new List<RgbImage>();
        frames.AddRange(Enumerable.Range(0, 25).Select(i => Stripes(i)));
        frames.AddRange(Enumerable.Range(0, 6).Select(i => Dim(Stripes(25 + i), (5 - i) / 6.0)));
        frames.AddRange(Enumerable.Range(0, 6).Select(i => Dim(Blobs(i), (i + 1) / 6.0)));
        frames.AddRange(Enumerable.Range(6, 25).Select(i => Blobs(i)));

        Assert.Equal([new Shot(0, 31, ShotTransition.Start), new Shot(31, 62, ShotTransition.Fade)], ShotDetector.Detect(frames));
    }

    [Fact]
    public void Fast_motion_a_one_frame_flash_and_a_brightness_ramp_stay_one_shot()
    {
        var frames = new List<RgbImage>();
        frames.AddRange(Enumerable.Range(0, 40).Select(i => Stripes(7 * i)));
        frames[20] = Blend(frames[20], White(), 0.8); // a camera flash: one frame washed out to near white
        frames.AddRange(Enumerable.Range(0, 20).Select(i => Dim(Stripes(280 + (7 * i)), 1 - (0.02 * i)))); // exposure drifting down

        Assert.Equal([new Shot(0, 60, ShotTransition.Start)], ShotDetector.Detect(frames));
    }

    [Fact]
    public void The_same_frames_give_the_same_shots()
    {
        var frames = Enumerable.Range(0, 25).Select(i => Stripes(3 * i))
            .Concat(Enumerable.Range(0, 10).Select(i => Blend(Stripes(75 + (3 * i)), Blobs(i), (i + 1) / 11.0)))
            .Concat(Enumerable.Range(0, 25).Select(i => Blobs(i)))
            .ToList();

        Assert.Equal(ShotDetector.Detect(frames), ShotDetector.Detect(frames));
    }

    [Fact]
    public void A_frame_of_another_size_is_refused()
    {
        var detector = new ShotDetector();
        detector.Add(Stripes(0));

        Assert.Throws<ArgumentException>(() => detector.Add(new RgbImage(Width + 1, Height)));
    }

    private static RgbImage White()
    {
        var white = new RgbImage(Width, Height);
        Array.Fill(white.Pixels, (byte)255);
        return white;
    }
}
