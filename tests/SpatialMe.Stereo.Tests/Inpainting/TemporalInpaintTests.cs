using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;
using SpatialMe.Testing;

namespace SpatialMe.Stereo.Tests.Inpainting;

public sealed class TemporalInpaintTests
{
    /// <summary>A near block (disparity 8) moving right 3 px per frame over a static background (disparity 0).</summary>
    private static LayeredScene Frame(int t) =>
        new LayeredScene(160, 96, backgroundDisparity: 0, seed: 5).Add(40 + (3 * t), 30, 36, 36, disparity: 8, seed: 9, textureShift: 3 * t);

    [Fact]
    public void Disocclusions_are_filled_with_the_background_that_earlier_frames_saw()
    {
        const int Count = 6;
        var frames = Enumerable.Range(0, Count)
            .Select(t => TemporalFrame.Create(Frame(t).Left(), Frame(t).Disparity()))
            .ToList();

        var filled = TemporalInpaint.Fill(frames);

        // At the last frame the 8 px disocclusion right of the block shows background that the block covered only
        // recently; frames 0..3 saw it. Most hole pixels must come from propagation, and those that do must match the
        // exact view. (Classical flow is unreliable within a few pixels of the moving block, where the consistency
        // check rightly refuses some pixels; those fall back to the spatial fill and are not counted as errors.)
        var t = Count - 1;
        var scene = Frame(t);
        var exact = scene.ExactRight();
        var warp = frames[t].Warp;
        var checkedPixels = 0;
        var exactPixels = 0;
        var propagatedPixels = 0;
        for (var y = 32; y < 64; y++)
        {
            for (var x = 0; x < 150; x++)
            {
                if (!warp.Holes[x, y] || warp.OutOfView[x, y])
                {
                    continue;
                }

                checkedPixels++;
                if (filled[t].SpatiallyFilled[x, y])
                {
                    continue;
                }

                propagatedPixels++;
                var error = 0;
                for (var c = 0; c < 3; c++)
                {
                    error = Math.Max(error, Math.Abs(filled[t].Image.Pixels[(3 * ((y * 160) + x)) + c] - ReferencePixel(scene, x, y, c)));
                }

                exactPixels += error <= 6 ? 1 : 0;
            }
        }

        Assert.True(checkedPixels > 200, $"the scene should have a disocclusion (found {checkedPixels} pixels)");
        Assert.True(propagatedPixels >= 0.5 * checkedPixels, $"{propagatedPixels} of {checkedPixels} hole pixels reached by propagation");
        Assert.True(exactPixels >= 0.9 * propagatedPixels, $"{exactPixels} of {propagatedPixels} propagated pixels match the true background");
    }

    [Fact]
    public void A_single_frame_falls_back_to_a_spatial_fill_of_every_hole()
    {
        var scene = Frame(0);
        var frame = TemporalFrame.Create(scene.Left(), scene.Disparity());
        var filled = TemporalInpaint.Fill([frame])[0];
        Assert.Equal(frame.Warp.Holes.Data, filled.SpatiallyFilled.Data);
        Assert.True(frame.Warp.Holes.Count() > 0);
    }

    /// <summary>The true right view's colour: the background texture itself (the background has disparity 0).</summary>
    private static byte ReferencePixel(LayeredScene scene, int x, int y, int channel)
    {
        var background = new LayeredScene(scene.Width, scene.Height, 0, seed: 5).Left();
        return background.Pixels[(3 * ((y * scene.Width) + x)) + channel];
    }
}
