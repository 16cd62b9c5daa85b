using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Tests.Disparity;

public sealed class DisparityMappingTests
{
    [Theory]
    [InlineData(1.0, 0.5, 2.0, 10.0)]   // nearest: divergence% · W · (1 − c) = 0.02 · 1000 · 0.5
    [InlineData(0.0, 0.5, 2.0, -10.0)]  // farthest: behind the screen
    [InlineData(0.5, 0.5, 2.0, 0.0)]    // at the convergence plane: zero parallax
    [InlineData(0.25, 0.0, 3.0, 7.5)]   // convergence 0: everything in front
    [InlineData(0.25, 1.0, 3.0, -22.5)] // convergence 1: everything behind
    public void Disparity_is_divergence_percent_of_width_times_depth_minus_convergence(double n, double c, double divergence, double expected)
    {
        var depth = new FloatPlane(1000, 1);
        Array.Fill(depth.Data, (float)n);
        var d = DisparityMapping.ToDisparity(depth, new DisparitySettings { Divergence = divergence, Convergence = c });
        Assert.Equal(expected, d[500, 0], 4);
    }

    [Theory]
    [InlineData(-1, 0.5)]
    [InlineData(25, 0.5)]
    [InlineData(2, -0.1)]
    [InlineData(2, 1.5)]
    [InlineData(double.NaN, 0.5)]
    public void Out_of_range_settings_are_rejected_with_a_message_naming_the_setting(double divergence, double convergence)
    {
        var ex = Assert.Throws<ArgumentException>(() => new DisparitySettings { Divergence = divergence, Convergence = convergence }.Validate());
        Assert.Matches("divergence|convergence", ex.Message);
    }
}
