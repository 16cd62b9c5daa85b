using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Fusion;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class RefinerInputsTests
{
    [Fact]
    public void The_disparity_channel_is_0_at_the_farthest_visible_pixel_1_at_the_nearest_and_0_in_the_holes()
    {
        // One object at disparity 12 on a background at 0: the relative disparity is exactly 1 on the object, 0 on the
        // background, and 0 in the hole beside it, which the occlusion channel marks.
        var scene = BranchScene.OneObject();
        var warp = scene.Frame.Warp;
        var rules = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);
        using var inputs = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 200, 144, rules, withDisparity: true);

        Assert.Equal(new long[] { 1, RefinerInputs.ChannelsWithDisparity, 144, 200 }, inputs.shape);
        var disparity = inputs[0, RefinerInputs.Disparity].data<float>().ToArray();
        var near = warp.Disparity.Data.Where((d, i) => warp.Holes.Data[i] == 0).Max();
        var far = warp.Disparity.Data.Where((d, i) => warp.Holes.Data[i] == 0).Min();
        var seen = new HashSet<float>();
        for (var y = 0; y < warp.Image.Height; y++)
        {
            for (var x = 0; x < warp.Image.Width; x++)
            {
                var value = disparity[(y * 200) + x];
                var expected = warp.Holes[x, y] ? 0f : (warp.Disparity[x, y] - far) / (near - far);
                Assert.Equal(expected, value, 6);
                seen.Add(MathF.Round(value, 3));
            }
        }

        Assert.Contains(0f, seen);
        Assert.Contains(1f, seen);

        // The first 19 channels are what they were without it.
        using var without = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 200, 144, rules);
        Assert.True(without.eq(inputs.narrow(1, 0, RefinerInputs.ChannelsWithRules)).all().item<bool>());
    }

    [Fact]
    public void A_flat_frame_has_a_relative_disparity_of_one_half_and_the_channel_needs_the_rules()
    {
        var scene = BranchScene.Of(new SpatialMe.Testing.LayeredScene(64, 48, backgroundDisparity: 3));
        var warp = scene.Frame.Warp;
        var rules = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);
        using var inputs = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 64, 48, rules, withDisparity: true);

        var disparity = inputs[0, RefinerInputs.Disparity].data<float>().ToArray();
        Assert.All(Enumerable.Range(0, disparity.Length).Where(i => warp.Holes.Data[i] == 0), i => Assert.Equal(0.5f, disparity[i]));
        Assert.Throws<ArgumentException>(() => RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 64, 48, rules: null, withDisparity: true));
    }

    [Fact]
    public void The_naive_fill_channels_follow_the_disparity_and_hold_the_background_side_copy_of_each_hole_run()
    {
        var scene = BranchScene.OneObject();
        var warp = scene.Frame.Warp;
        var rules = RuleBasedFusion.Masks(warp, scene.Temporal, scene.De);
        var naive = SpatialMe.Stereo.Inpainting.BackgroundFill.NaiveView(warp);
        using var inputs = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 200, 144, rules, withDisparity: true, naive);

        Assert.Equal(new long[] { 1, RefinerInputs.ChannelsWithFills, 144, 200 }, inputs.shape);
        using var expected = Training.ImageTensor.From(SpatialMe.Stereo.Inpainting.BackgroundFill.Fill(warp.Image, warp.Holes, warp.Disparity).Image);
        Assert.True(inputs[0].narrow(0, RefinerInputs.Naive, 3).narrow(1, 0, warp.Image.Height).narrow(2, 0, warp.Image.Width).allclose(expected, atol: 1e-7));
        using var without = RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 200, 144, rules, withDisparity: true);
        Assert.True(without.eq(inputs.narrow(1, 0, RefinerInputs.ChannelsWithDisparity)).all().item<bool>());
        Assert.Throws<ArgumentException>(() => RefinerInputs.Create(warp, scene.Poly, scene.De, scene.Temporal, 200, 144, rules, withDisparity: false, naive));
    }
}
