using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Warping;

namespace SpatialMe.Models.Training;

/// <summary>
/// A training example made from a single image by the warp-back trick (as in AdaMPI, Han et al. 2022): the image is
/// taken as a right view, warped with its estimated disparity into the left eye, and the pipeline then renders the
/// right view back from that left view. The holes the round trip leaves are pixels of the image that the left eye
/// could not see — real-looking disocclusions beside real depth edges — and their true content is the original image,
/// so any photograph or video frame becomes a pair with a known answer.
/// <list type="number">
/// <item>Right → left: the pipeline's warp only goes left → right, so the image and its disparity are mirrored, warped,
/// and the result mirrored back (mirroring swaps the eyes, <see cref="Mirror"/>).</item>
/// <item>The left view's own holes (what the right eye saw and the left did not) are filled from the background side
/// with their disparity (<see cref="BackgroundFill"/>). They are hidden again in the right view by the nearer pixels
/// that caused them, so their content barely matters; their disparity keeps the re-warp's z-order right.</item>
/// <item>Left → right: <see cref="StereoPairExample"/> runs the real pipeline (warp, Poly, DE, temporal) on that left
/// view and its warped disparity; the target is the original image.</item>
/// </list>
/// </summary>
public static class WarpBackExample
{
    /// <param name="image">The image, taken as the right view; it is the target.</param>
    /// <param name="disparity">Its disparity in pixels (right-view pixel x is seen at x + d in the left view; near
    /// is larger), e.g. from a depth estimate mapped with the conversion's divergence.</param>
    /// <param name="withRules">As <see cref="StereoPairExample.Create"/>'s.</param>
    public static TrainingExample Create(RgbImage image, FloatPlane disparity, bool withRules = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(disparity);
        var (left, leftDisparity) = LeftView(image, disparity);
        return StereoPairExample.Create(left, image, leftDisparity, withRules) with { Kind = ExampleKind.WarpBack };
    }

    /// <summary>The left view of <paramref name="image"/> (its holes filled from the background side) and the
    /// left view's disparity.</summary>
    public static (RgbImage Left, FloatPlane Disparity) LeftView(RgbImage image, FloatPlane disparity)
    {
        if (!image.SameSize(disparity))
        {
            throw new ArgumentException($"The disparity is {disparity.Width}x{disparity.Height} but the image is {image.Width}x{image.Height}.");
        }

        var mirrored = ForwardWarp.Warp(Mirror.Horizontal(image), Mirror.Horizontal(disparity));
        var (filled, filledDisparity) = BackgroundFill.Fill(mirrored.Image, mirrored.Holes, mirrored.Disparity);
        return (Mirror.Horizontal(filled), Mirror.Horizontal(filledDisparity));
    }
}
