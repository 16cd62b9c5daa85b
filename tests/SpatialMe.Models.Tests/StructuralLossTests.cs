using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>
/// The structural training term measures SSIM as <c>spatialme eval</c> does (<see cref="ImageMetrics"/>), so that
/// what it rewards is what the quality tables report; it is 0 for a perfect fill and counts only the holes.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StructuralLossTests
{
    [Fact]
    public void Its_ssim_over_a_region_is_evals_ssim_where_the_window_stays_inside_the_image()
    {
        var random = new Random(5);
        var reference = Noise(64, 48, random);
        var candidate = Blend(reference, Noise(64, 48, random));
        // Pixels at least the window's radius (5) from every border: there both sides' windows see only the image.
        var region = new Mask(64, 48);
        for (var y = 5; y < 43; y++)
        {
            for (var x = 5; x < 59; x++)
            {
                region[x, y] = true;
            }
        }

        var expected = ImageMetrics.Compare(reference, candidate, region).Ssim;
        using var occlusion = tensor(region.Data.Select(v => (float)v).ToArray(), [1, 1, 48, 64]);
        using var output = ImageTensor.From(candidate).unsqueeze(0);
        using var target = ImageTensor.From(reference).unsqueeze(0);

        var dssim = StructuralLoss.OccludedDssim(output, target, occlusion).item<float>();

        Assert.InRange(1 - (2 * dssim), expected - 1e-4, expected + 1e-4);
        Assert.InRange(expected, 0.2, 0.9); // a partial match, so the comparison is not of two trivial values
    }

    [Fact]
    public void A_perfect_fill_costs_nothing_and_errors_outside_the_holes_are_not_counted()
    {
        var random = new Random(6);
        using var target = ImageTensor.From(Noise(40, 32, random)).unsqueeze(0);
        using var occlusion = zeros(1, 1, 32, 40);
        occlusion[.., .., 10..20, 12..24] = tensor(1f);
        using var output = target.clone();
        Assert.Equal(0, StructuralLoss.OccludedDssim(output, target, occlusion).item<float>(), 5);

        // Noise far from the hole (beyond the 11×11 window) leaves the term at 0.
        output[.., .., 28.., 34..] = rand(1, 3, 4, 6);
        Assert.Equal(0, StructuralLoss.OccludedDssim(output, target, occlusion).item<float>(), 5);

        output[.., .., 12..18, 14..22] = rand(1, 3, 6, 8);
        Assert.True(StructuralLoss.OccludedDssim(output, target, occlusion).item<float>() > 0.05);
    }

    private static RgbImage Noise(int width, int height, Random random)
    {
        var image = new RgbImage(width, height);
        random.NextBytes(image.Pixels);
        return image;
    }

    private static RgbImage Blend(RgbImage a, RgbImage b)
    {
        var blend = new RgbImage(a.Width, a.Height);
        for (var i = 0; i < blend.Pixels.Length; i++)
        {
            blend.Pixels[i] = (byte)((a.Pixels[i] + b.Pixels[i]) / 2);
        }

        return blend;
    }
}
