using SpatialMe.Models.Refiner;
using SpatialMe.Models.Training;
using SpatialMe.Stereo.Imaging;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

[Collection(TorchCollection.Name)]
public sealed class WarpBackExampleTests
{
    /// <summary>The right view of <see cref="TrainingScene.OneObject"/> and its right-view disparity: the 24 × 20
    /// rectangle sits at x 14..37 (20 − 6) with disparity 6, the background at 0.</summary>
    private static (TrainingScene Scene, FloatPlane RightDisparity) RightViewScene()
    {
        var scene = TrainingScene.OneObject();
        var disparity = new FloatPlane(64, 48);
        for (var y = 14; y < 34; y++)
        {
            for (var x = 14; x < 38; x++)
            {
                disparity[x, y] = 6;
            }
        }

        return (scene, disparity);
    }

    [Fact]
    public void The_round_trip_leaves_holes_exactly_where_the_left_eye_could_not_see_and_the_image_is_the_target()
    {
        // Seen from the left eye the rectangle moves 6 px right and hides the background just right of it (x 38..43 of
        // the right view): exactly the disocclusion a real pair has there (StereoPairExample's test finds the same).
        var (scene, disparity) = RightViewScene();
        using var example = WarpBackExample.Create(scene.Right, disparity);

        Assert.Equal(ExampleKind.WarpBack, example.Kind);
        using var target = ImageTensor.From(scene.Right);
        Assert.True(example.Target.equal(target).all().item<bool>(), "the target is not the image");
        using var occlusion = example.Occlusion;
        var expected = zeros(1, 48, 64);
        expected[TensorIndex.Colon, TensorIndex.Slice(14, 34), TensorIndex.Slice(38, 44)] = tensor(1f);
        Assert.True(occlusion.equal(expected).all().item<bool>(), $"holes: {occlusion.sum().item<float>()} pixels, expected 120 at x 38..43, y 14..33");

        // With integer disparities the round trip moves every visible pixel back exactly where it was.
        using var warped = example.Inputs.narrow(0, RefinerInputs.Channels - 3, 3);
        using var visible = 1 - occlusion;
        using var differs = ((warped * visible) - (target * visible)).abs().sum(0).nonzero();
        Assert.True(differs.shape[0] == 0, $"visible pixels changed in the round trip, e.g. (x, y) = ({(differs.shape[0] > 0 ? differs[0, 1].item<long>() : -1)}, {(differs.shape[0] > 0 ? differs[0, 0].item<long>() : -1)}), {differs.shape[0]} in all");
    }

    [Fact]
    public void The_left_view_is_the_true_left_view_except_where_only_the_right_eye_saw()
    {
        // The left eye sees background at x 14..19 that the rectangle hides from the right eye: that strip is filled
        // from the background side; every other pixel is the true left view, and the disparity is the true one.
        var (scene, disparity) = RightViewScene();
        var (left, leftDisparity) = WarpBackExample.LeftView(scene.Right, disparity);

        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                Assert.Equal(scene.Disparity[x, y], leftDisparity[x, y]);
                var hidden = y >= 14 && y < 34 && x >= 14 && x < 20;
                if (!hidden)
                {
                    Assert.True(left.ReadRow(y).Slice(3 * x, 3).SequenceEqual(scene.Left.ReadRow(y).Slice(3 * x, 3)), $"left view differs at ({x}, {y})");
                }
            }
        }
    }

    [Fact]
    public void Mirroring_reverses_each_row_and_twice_is_the_identity()
    {
        var image = TrainingScene.OneObject().Left;
        var mirrored = Mirror.Horizontal(image);
        Assert.True(mirrored.ReadRow(5).Slice(0, 3).SequenceEqual(image.ReadRow(5).Slice(3 * 63, 3)));
        Assert.Equal(image.Pixels, Mirror.Horizontal(mirrored).Pixels);
        var plane = new FloatPlane(3, 1, [1f, 2f, 3f]);
        Assert.Equal([3f, 2f, 1f], Mirror.Horizontal(plane).Data);
    }
}
