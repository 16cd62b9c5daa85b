using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Perspective prior: most footage has a floor or ground below the horizon, and on a ground plane inverse depth grows
/// linearly with the image row below the horizon. So a linear ramp, 0 at the top row and 1 at the bottom (lower =
/// nearer). It knows nothing about the scene, so it gets a modest weight.
/// </summary>
internal static class GroundPlaneCue
{
    public static FloatPlane Compute(int width, int height)
    {
        var cue = new FloatPlane(width, height);
        var denominator = Math.Max(1, height - 1);
        for (var y = 0; y < height; y++)
        {
            cue.Row(y).Fill((float)y / denominator);
        }

        return cue;
    }
}
