using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;

namespace SpatialMe.Stereo.Tests.Metrics;

public sealed class ErrorMapTests
{
    [Fact]
    public void The_maps_mean_over_a_region_is_that_regions_mae_and_it_is_zero_where_the_images_agree()
    {
        var reference = TestImages.Textured(40, 30);
        var candidate = TestImages.WithNoise(reference, amplitude: 40, seed: 3);
        for (var y = 0; y < 10; y++)
        {
            reference.ReadRow(y).CopyTo(candidate.Row(y)); // the top rows agree exactly
        }

        var region = new Mask(40, 30);
        for (var y = 5; y < 25; y++)
        {
            for (var x = 7; x < 31; x++)
            {
                region[x, y] = true;
            }
        }

        var map = ErrorMap.AbsoluteError(reference, candidate);

        var inRegion = Enumerable.Range(0, map.Data.Length).Where(i => region.Data[i] != 0).Select(i => (double)map.Data[i]).Average();
        Assert.Equal(ImageMetrics.Compare(reference, candidate, region).Mae, inRegion, 6);
        Assert.All(Enumerable.Range(0, 40 * 10), i => Assert.Equal(0f, map.Data[i]));
        Assert.Contains(map.Data.Skip(40 * 10), e => e > 0);
    }

    [Fact]
    public void Images_of_different_sizes_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ErrorMap.AbsoluteError(new RgbImage(4, 4), new RgbImage(5, 4)));
        Assert.Contains("5x4", e.Message, StringComparison.Ordinal);
    }
}
