using SpatialMe.Models.Training;
using SpatialMe.Stereo.Disparity;

namespace SpatialMe.Models.Tests;

public sealed class StereoMatchedDisparityTests
{
    [Fact]
    public void Stereo_matching_recovers_the_disparity_of_a_textured_pair_without_ground_truth()
    {
        // A textured background at disparity 0 and a textured rectangle at 9 px: SGBM must find both inside the regions
        // (away from edges, where block matching blurs), and leave no unknown pixel.
        var scene = TrainingScene.Create(160, 120, (50, 30, 60, 50, 9, 5));
        var disparity = StereoMatchedDisparity.Compute(scene.Left, scene.Right);

        var inside = new List<float>();
        var background = new List<float>();
        for (var y = 0; y < 120; y++)
        {
            for (var x = 0; x < 160; x++)
            {
                Assert.True(float.IsFinite(disparity[x, y]) && disparity[x, y] >= 0, $"unknown disparity at ({x}, {y})");
                if (x >= 60 && x < 100 && y >= 38 && y < 72)
                {
                    inside.Add(disparity[x, y]);
                }
                else if (x >= 120 && x < 150 && (y < 22 || y >= 90))
                {
                    background.Add(disparity[x, y]);
                }
            }
        }

        Assert.InRange(Median(inside), 8.5f, 9.5f);
        Assert.InRange(Median(background), -0.5f, 0.5f);
    }

    [Fact]
    public void The_search_range_is_a_multiple_of_16_between_16_and_256()
    {
        Assert.Equal(16, StereoMatchedDisparity.SearchRange(40));
        Assert.Equal(112, StereoMatchedDisparity.SearchRange(427));
        Assert.Equal(256, StereoMatchedDisparity.SearchRange(4000));
    }

    private static float Median(List<float> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
