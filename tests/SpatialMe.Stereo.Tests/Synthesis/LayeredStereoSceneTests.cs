using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Synthesis;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Stereo.Tests.Synthesis;

/// <summary>
/// Synthetic stereo pairs from photos (training data for the refiner): the right view is what the left view and its
/// disparity say it is wherever the left view sees the scene, disocclusions open beside nearer objects, and the same
/// seed gives the same pair.
/// </summary>
public sealed class LayeredStereoSceneTests
{
    private static readonly LayeredStereoSceneOptions Options = new() { Width = 192, Height = 128, MaxDisparity = 16, MinObjects = 2, MaxObjects = 3 };

    /// <summary><see cref="Options"/> with the given slant and noise.</summary>
    private static LayeredStereoSceneOptions Slanted(double slant, double noise = 0) =>
        new() { Width = Options.Width, Height = Options.Height, MaxDisparity = Options.MaxDisparity, MinObjects = Options.MinObjects, MaxObjects = Options.MaxObjects, Slant = slant, Noise = noise };

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_right_view_is_the_left_view_warped_by_its_disparity_wherever_the_left_view_sees_the_scene(double slant)
    {
        var options = Slanted(slant);
        for (var seed = 1; seed <= 4; seed++)
        {
            var pair = LayeredStereoScene.Make(Photos(), options, seed);
            var warp = ForwardWarp.Warp(pair.Left, pair.Disparity);
            double sum = 0;
            var count = 0;
            for (var y = 0; y < Options.Height; y++)
            {
                for (var x = 0; x < Options.Width; x++)
                {
                    // Visible pixels away from depth edges (where anti-aliased edge pixels mix two layers).
                    if (warp.Holes[x, y] || warp.OutOfView[x, y] || NearEdge(warp.Disparity, x, y) || NearEdge(pair.Disparity, x, y))
                    {
                        continue;
                    }

                    for (var c = 0; c < 3; c++)
                    {
                        sum += Math.Abs(warp.Image.ReadRow(y)[3 * x + c] - pair.Right.ReadRow(y)[3 * x + c]);
                    }

                    count++;
                }
            }

            Assert.True(count > Options.Width * Options.Height / 2, $"seed {seed}: only {count} visible pixels compared");
            Assert.True(sum / (3.0 * count) < 3.0, $"seed {seed}: the warped left view differs from the right view by {sum / (3.0 * count):F2} grey levels on average");
        }
    }

    [Fact]
    public void Disocclusions_open_on_the_right_of_nearer_objects_and_the_disparity_is_within_range()
    {
        // Slanted scenes' disparities are checked for range only: where a slanted surface's edge lands a fraction of a
        // pixel from another's, the warp's edge rules (not the scene) can leave holes beside either side of it.
        for (var seed = 1; seed <= 4; seed++)
        {
            Assert.All(LayeredStereoScene.Make(Photos(), Slanted(1), seed).Disparity.Data, d => Assert.InRange(d, 0f, (float)Options.MaxDisparity));
        }

        var holes = 0;
        for (var seed = 1; seed <= 4; seed++)
        {
            var pair = LayeredStereoScene.Make(Photos(), Options, seed);
            Assert.All(pair.Disparity.Data, d => Assert.InRange(d, 0f, (float)Options.MaxDisparity));
            var warp = ForwardWarp.Warp(pair.Left, pair.Disparity);
            for (var y = 0; y < Options.Height; y++)
            {
                for (var x = 0; x < Options.Width; x++)
                {
                    if (!warp.Holes[x, y] || warp.OutOfView[x, y])
                    {
                        continue;
                    }

                    holes++;

                    // A hole's left neighbourhood holds a nearer surface: the object whose edge opened it.
                    var nearest = Enumerable.Range(1, (int)Options.MaxDisparity + 2).Select(k => x - k).Where(k => k >= 0 && !warp.Holes[k, y])
                        .Select(k => warp.Disparity[k, y]).DefaultIfEmpty(float.MaxValue).First();
                    var farther = Enumerable.Range(1, (int)Options.MaxDisparity + 2).Select(k => x + k).Where(k => k < Options.Width && !warp.Holes[k, y])
                        .Select(k => warp.Disparity[k, y]).DefaultIfEmpty(float.MinValue).First();
                    Assert.True(nearest >= farther - 0.01f, $"seed {seed}: hole at ({x},{y}) has disparity {nearest} on its left and {farther} on its right");
                }
            }
        }

        Assert.True(holes > 0, "no disocclusion in four scenes with objects");
    }

    [Fact]
    public void Slanted_surfaces_change_depth_across_themselves_and_no_slant_keeps_each_object_at_one_disparity()
    {
        // Distinct disparities in the left view: a handful of layers when flat (the background's rows aside), a
        // continuum when slanted. Counted away from the background's rows by taking each row's distinct values.
        static int MostDistinctInARow(FloatPlane disparity)
        {
            var most = 0;
            for (var y = 0; y < disparity.Height; y++)
            {
                most = Math.Max(most, disparity.Row(y).ToArray().Distinct().Count());
            }

            return most;
        }

        for (var seed = 1; seed <= 4; seed++)
        {
            var flat = LayeredStereoScene.Make(Photos(), Options, seed);
            var slanted = LayeredStereoScene.Make(Photos(), Slanted(1), seed);
            Assert.True(MostDistinctInARow(flat.Disparity) <= Options.MaxObjects + 1, $"seed {seed}: a flat scene's row holds {MostDistinctInARow(flat.Disparity)} disparities");
            Assert.True(MostDistinctInARow(slanted.Disparity) > 20, $"seed {seed}: a slanted scene's rows hold at most {MostDistinctInARow(slanted.Disparity)} disparities");
        }
    }

    [Fact]
    public void Noise_is_added_to_each_view_independently_with_the_standard_deviation_asked_for()
    {
        var clean = LayeredStereoScene.Make(Photos(), Options, 3);
        var noisy = LayeredStereoScene.Make(Photos(), Slanted(0, noise: 4), 3);
        Assert.Equal(clean.Disparity.Data, noisy.Disparity.Data);
        var left = Differences(clean.Left, noisy.Left);
        var right = Differences(clean.Right, noisy.Right);
        Assert.InRange(StandardDeviation(left), 3.6, 4.4);
        Assert.InRange(StandardDeviation(right), 3.6, 4.4);

        // Independent: the two views' noise is uncorrelated (the same noise in both would correlate fully).
        var correlation = left.Zip(right, (a, b) => a * b).Average() / (StandardDeviation(left) * StandardDeviation(right));
        Assert.InRange(correlation, -0.05, 0.05);
        Assert.Throws<ArgumentException>(() => LayeredStereoScene.Make(Photos(), new LayeredStereoSceneOptions { Noise = -1 }, 1));
        Assert.Throws<ArgumentException>(() => LayeredStereoScene.Make(Photos(), new LayeredStereoSceneOptions { Slant = 1.5 }, 1));
    }

    private static double[] Differences(RgbImage a, RgbImage b) => a.Pixels.Zip(b.Pixels, (p, q) => (double)q - p).ToArray();

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    [Fact]
    public void The_same_photos_options_and_seed_give_the_same_pair_and_bad_options_are_refused()
    {
        var a = LayeredStereoScene.Make(Photos(), Options, 7);
        var b = LayeredStereoScene.Make(Photos(), Options, 7);
        var c = LayeredStereoScene.Make(Photos(), Options, 8);
        Assert.Equal(a.Left.Pixels, b.Left.Pixels);
        Assert.Equal(a.Right.Pixels, b.Right.Pixels);
        Assert.Equal(a.Disparity.Data, b.Disparity.Data);
        Assert.NotEqual(a.Left.Pixels, c.Left.Pixels);
        Assert.Throws<ArgumentException>(() => LayeredStereoScene.Make(Photos(), new LayeredStereoSceneOptions { MaxDisparity = 0 }, 1));
        Assert.Throws<ArgumentException>(() => LayeredStereoScene.Make(Photos(), new LayeredStereoSceneOptions { MinObjects = 3, MaxObjects = 2 }, 1));
        Assert.Throws<ArgumentException>(() => LayeredStereoScene.Make([], Options, 1));
    }

    private static bool NearEdge(FloatPlane disparity, int x, int y)
    {
        for (var dy = -2; dy <= 2; dy++)
        {
            for (var dx = -2; dx <= 2; dx++)
            {
                int nx = x + dx, ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < disparity.Width && ny < disparity.Height && Math.Abs(disparity[nx, ny] - disparity[x, y]) > 0.75f)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Two textured "photos": smooth colour gradients with stripes and noise, so every layer is told apart.</summary>
    private static RgbImage[] Photos()
    {
        var photos = new RgbImage[2];
        for (var i = 0; i < photos.Length; i++)
        {
            var random = new Random(100 + i);
            var photo = new RgbImage(320, 240);
            for (var y = 0; y < photo.Height; y++)
            {
                var row = photo.Row(y);
                for (var x = 0; x < photo.Width; x++)
                {
                    var stripe = ((x / (6 + 5 * i)) + (y / 9)) % 2 == 0 ? 40 : 0;
                    row[3 * x] = (byte)Math.Clamp(x * 200 / photo.Width + stripe + random.Next(10), 0, 255);
                    row[3 * x + 1] = (byte)Math.Clamp(y * 200 / photo.Height + (i * 50) + random.Next(10), 0, 255);
                    row[3 * x + 2] = (byte)Math.Clamp(255 - (x + y) * 200 / (photo.Width + photo.Height) - stripe, 0, 255);
                }
            }

            photos[i] = photo;
        }

        return photos;
    }
}
