using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using SpatialMe.Testing;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class TrainingExampleTests
{
    [Fact]
    public void The_synthetic_right_view_agrees_with_the_exact_right_view_wherever_that_is_defined()
    {
        // Guards the test scene itself: its right view must be the true one for the tests below to mean anything.
        var scene = TrainingScene.OneObject();
        var (exact, holes) = scene.Scene.ExactRight();
        var differing = 0;
        for (var y = 0; y < exact.Height; y++)
        {
            for (var x = 0; x < exact.Width; x++)
            {
                if (!holes[x, y] && !exact.ReadRow(y).Slice(3 * x, 3).SequenceEqual(scene.Right.ReadRow(y).Slice(3 * x, 3)))
                {
                    differing++;
                }
            }
        }

        Assert.Equal(0, differing);
    }

    [Fact]
    public void A_stereo_pair_example_has_the_refiner_layout_the_warp_holes_as_occlusion_and_the_real_right_view_as_target()
    {
        var scene = TrainingScene.OneObject();
        using var example = StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);

        Assert.Equal(new long[] { RefinerInputs.ChannelsWithFills, 48, 64 }, example.Inputs.shape);
        Assert.Equal(new long[] { 3, 48, 64 }, example.Target.shape);
        using var right = ImageTensor.From(scene.Right);
        Assert.True(example.Target.equal(right).all().item<bool>(), "the target is not the right view");

        // The rectangle (x 20..43) moves 6 px left in the right view, uncovering background at x 38..43 on its rows.
        using var occlusion = example.Occlusion;
        for (var y = 14; y < 34; y++)
        {
            for (var x = 38; x < 44; x++)
            {
                Assert.Equal(1f, occlusion[0, y, x].item<float>());
            }
        }

        // Elsewhere on those rows (away from the frame border) and above and below the object, nothing is occluded.
        Assert.Equal(0f, occlusion[0, 20, 30].item<float>());
        Assert.Equal(0f, occlusion[0, 20, 50].item<float>());
        Assert.Equal(0f, occlusion[0, 5, 40].item<float>());
        Assert.Equal(6 * 20, occlusion.sum().item<float>());

        // The rules' masks ride along (channels 13-15): a disocclusion of a lone frame is filled spatially, so the
        // rules take their content there (M1 = 0, M2 = 1, M3 = 0); a visible pixel far from it takes the warp
        // (M1 = 1, M2 = 0, M3 = 1).
        float Rule(int mask, int y, int x) => example.Inputs[RefinerInputs.RuleMasks + mask, y, x].item<float>();
        Assert.Equal([0f, 1f, 0f], new[] { Rule(0, 20, 40), Rule(1, 20, 40), Rule(2, 20, 40) });
        Assert.Equal([1f, 0f, 1f], new[] { Rule(0, 5, 10), Rule(1, 5, 10), Rule(2, 5, 10) });
    }

    [Fact]
    public void Crops_have_the_asked_size_repeat_with_the_seed_and_mostly_contain_occlusions()
    {
        var scene = TrainingScene.OneObject();
        using var example = StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);
        var withHoles = 0;
        for (var i = 0; i < 40; i++)
        {
            var (a, at, ad) = ExampleCropper.Crop(example, 16, new Random(i));
            var (b, bt, bd) = ExampleCropper.Crop(example, 16, new Random(i));
            Assert.Equal(new long[] { RefinerInputs.ChannelsWithFills, 16, 16 }, a.shape);
            Assert.Equal(new long[] { 3, 16, 16 }, at.shape);
            Assert.Equal(new long[] { 1, 16, 16 }, ad.shape);
            Assert.True(a.equal(b).all().item<bool>() && at.equal(bt).all().item<bool>() && ad.equal(bd).all().item<bool>(), "the same seed gave another crop");
            // The disocclusion crop is the same window of the whole frame's disocclusions: holes, never outside them.
            Assert.True((ad <= a.narrow(0, RefinerInputs.Occlusion, 1)).all().item<bool>(), "a disocclusion pixel that is no hole");
            if (ad.sum().item<float>() > 0)
            {
                withHoles++;
            }

            foreach (var t in new[] { a, at, ad, b, bt, bd })
            {
                t.Dispose();
            }
        }

        // 120 of 3072 pixels are disocclusions (4 %): uniform 16 × 16 crops would hit them about a third of the time.
        Assert.True(withHoles >= 26, $"only {withHoles} of 40 crops contain disocclusions");
    }

    [Fact]
    public void Disocclusions_are_the_holes_less_the_runs_that_touch_a_row_end()
    {
        // Rows of 8: a band at the left edge and a disocclusion; a band at the right edge; all holes (band only); none.
        float[] holes =
        [
            1, 1, 0, 0, 1, 1, 0, 0,
            0, 1, 0, 0, 0, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1,
            0, 0, 0, 0, 0, 0, 0, 0,
        ];
        float[] expected =
        [
            0, 0, 0, 0, 1, 1, 0, 0,
            0, 1, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0,
        ];
        using var occlusion = tensor(holes, [1, 1, 4, 8]);
        using var disocclusion = Disocclusion.Of(occlusion);
        Assert.Equal(expected, disocclusion.data<float>().ToArray());

        // On an example, they are its warp's Disocclusions() exactly (the target does not matter here).
        var scene = new LayeredScene(70, 50, backgroundDisparity: 2).Add(20, 10, 16, 20, disparity: 9, seed: 3);
        using var example = StereoPairExample.Create(scene.Left(), scene.Left(), scene.Disparity());
        var warp = SpatialMe.Stereo.Inpainting.TemporalFrame.Create(scene.Left(), scene.Disparity()).Warp;
        Assert.Equal(warp.Disocclusions().Data.Select(v => (float)v), example.Disocclusion.data<float>().ToArray());
        Assert.True(warp.OutOfView.Count() > 0 && warp.Disocclusions().Count() > 0, "the scene has both kinds of hole");
    }

    [Fact]
    public void A_crop_larger_than_the_example_is_refused()
    {
        var scene = TrainingScene.OneObject();
        using var example = StereoPairExample.Create(scene.Left, scene.Right, scene.Disparity);
        var error = Assert.Throws<ArgumentException>(() => ExampleCropper.Crop(example, 64, new Random(1)));
        Assert.Contains("64x48", error.Message, StringComparison.Ordinal);
    }
}
