using OpenCvSharp;
using SpatialMe.Models.Training;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

public sealed class LossCurvePlotTests
{
    [Fact]
    public void The_loss_curve_is_a_PNG_that_decodes_and_shows_each_loss_as_a_line()
    {
        using var dir = new TempDirectory();
        var path = dir.File("refiner.losses.png");
        var losses = Enumerable.Range(1, 50).Select(s => new StepLosses(s, 0.5 / s, 0.69 + (0.01 * Math.Sin(s)), 0.7, (5.0 / s) + 0.07)).ToList();
        LossCurvePlot.Save(losses, path);

        using var image = Cv2.ImRead(path, ImreadModes.Color);
        Assert.False(image.Empty(), "the PNG does not decode");
        Assert.Equal(new Size(800, 500), image.Size());

        // Pixels of the L1 line's colour (BGR 200, 80, 0) lie in the plot area, not only in the legend.
        var plotArea = image[new Rect(70, 20, 500, 430)];
        using var l1 = new Mat();
        Cv2.InRange(plotArea, new Scalar(150, 40, 0), new Scalar(255, 120, 60), l1);
        Assert.True(Cv2.CountNonZero(l1) > 50, "no L1 curve in the plot area");
    }

    [Fact]
    public void The_perceptual_curve_is_drawn_when_the_run_had_the_term_and_not_otherwise()
    {
        using var dir = new TempDirectory();
        int Purple(bool on)
        {
            var path = dir.File(on ? "on.png" : "off.png");
            var losses = Enumerable.Range(1, 50)
                .Select(s => new StepLosses(s, 0.5 / s, 0.69, 0.7, (5.0 / s) + 0.07, Perceptual: on ? 2.0 / s : 0))
                .ToList();
            LossCurvePlot.Save(losses, path);
            using var image = Cv2.ImRead(path, ImreadModes.Color);
            using var mask = new Mat();
            Cv2.InRange(image, new Scalar(120, 0, 120), new Scalar(200, 40, 200), mask);
            return Cv2.CountNonZero(mask);
        }

        Assert.True(Purple(on: true) > 50, "no perceptual curve");
        Assert.Equal(0, Purple(on: false));
    }
}
