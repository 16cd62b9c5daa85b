using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Pipeline;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Pipeline;

public sealed class CutDetectorTests
{
    [Fact]
    public void The_first_frame_and_a_hard_cut_start_shots_and_motion_within_a_shot_does_not()
    {
        var detector = new CutDetector();
        var cuts = new List<bool>();
        for (var t = 0; t < 10; t++)
        {
            cuts.Add(detector.IsCut(new LayeredScene(80, 60, 0, seed: 2).Add(10 + (3 * t), 10, 20, 20, 5, seed: 7, textureShift: 3 * t).Left()));
        }

        var other = new LayeredScene(80, 60, 0, seed: 40).Left();
        for (var i = 0; i < other.Pixels.Length; i++)
        {
            other.Pixels[i] = (byte)(255 - other.Pixels[i]);
        }

        cuts.Add(detector.IsCut(other));
        cuts.Add(detector.IsCut(other));

        Assert.Equal([true, false, false, false, false, false, false, false, false, false, true, false], cuts);
    }
}
