using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Local contrast as a focus / texture-gradient cue: the subject a camera focuses on is usually nearer than the
/// defocused background, and texture of near surfaces is resolved while far texture blurs into flat areas. The cue is
/// the local standard deviation of luma (a 5×5 window), averaged over a larger region so it describes surfaces rather
/// than single edges. Weak (a flat wall can be near), so it gets a small weight.
/// </summary>
internal static class FocusCue
{
    public static FloatPlane Compute(WorkingFrame frame, int regionRadius)
    {
        const int detailRadius = 2;
        var luma = frame.Luma;
        var squared = new FloatPlane(luma.Width, luma.Height);
        for (var i = 0; i < squared.Data.Length; i++)
        {
            squared.Data[i] = luma.Data[i] * luma.Data[i];
        }

        var mean = BoxMean.Apply(luma, detailRadius);
        var meanSquared = BoxMean.Apply(squared, detailRadius);
        var deviation = squared; // reuse
        for (var i = 0; i < deviation.Data.Length; i++)
        {
            deviation.Data[i] = MathF.Sqrt(Math.Max(0f, meanSquared.Data[i] - (mean.Data[i] * mean.Data[i])));
        }

        return BoxMean.Apply(deviation, regionRadius);
    }
}
