using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// The guided filter of He, Sun and Tang (ECCV 2010 / TPAMI 2013): within each window the output is a linear function
/// of the guide, q = a·I + b, fitted to the input by least squares with a ridge ε on a. Where the guide has an edge
/// the output may step with it; where the guide is flat the output is smoothed. This returns the window-averaged
/// coefficients (ā, b̄) so they can be applied to a guide of any size (see <see cref="GuidedUpsampler"/>: the "fast
/// guided filter" of He and Sun 2015).
/// </summary>
internal static class GuidedFilter
{
    public static (FloatPlane A, FloatPlane B) Coefficients(FloatPlane guide, FloatPlane input, int radius, float epsilon)
    {
        var w = guide.Width;
        var h = guide.Height;
        var guideSquared = new FloatPlane(w, h);
        var guideTimesInput = new FloatPlane(w, h);
        for (var i = 0; i < guideSquared.Data.Length; i++)
        {
            var g = guide.Data[i];
            guideSquared.Data[i] = g * g;
            guideTimesInput.Data[i] = g * input.Data[i];
        }

        var meanI = BoxMean.Apply(guide, radius);
        var meanP = BoxMean.Apply(input, radius);
        var meanII = BoxMean.Apply(guideSquared, radius);
        var meanIp = BoxMean.Apply(guideTimesInput, radius);

        // Reuse the product planes for a and b.
        var a = guideSquared;
        var b = guideTimesInput;
        for (var i = 0; i < a.Data.Length; i++)
        {
            var variance = Math.Max(0f, meanII.Data[i] - (meanI.Data[i] * meanI.Data[i]));
            var covariance = meanIp.Data[i] - (meanI.Data[i] * meanP.Data[i]);
            var ai = covariance / (variance + epsilon);
            a.Data[i] = ai;
            b.Data[i] = meanP.Data[i] - (ai * meanI.Data[i]);
        }

        return (BoxMean.Apply(a, radius), BoxMean.Apply(b, radius));
    }

    /// <summary>The filtered plane at the guide's own size: q = ā·I + b̄.</summary>
    public static FloatPlane Apply(FloatPlane guide, FloatPlane input, int radius, float epsilon)
    {
        var (a, b) = Coefficients(guide, input, radius, epsilon);
        var q = new FloatPlane(guide.Width, guide.Height);
        for (var i = 0; i < q.Data.Length; i++)
        {
            q.Data[i] = (a.Data[i] * guide.Data[i]) + b.Data[i];
        }

        return q;
    }
}
