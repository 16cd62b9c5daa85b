namespace SpatialMe.Models.Training;

/// <summary>Where a training example's target comes from.</summary>
public enum ExampleKind
{
    /// <summary>A real stereo pair (images or a side-by-side video frame): the target is the captured right view.</summary>
    Stereo,

    /// <summary>A single image or video frame made into a pair by the warp-back trick (<see cref="WarpBackExample"/>):
    /// the target is the image itself.</summary>
    WarpBack,
}
