namespace SpatialMe.Media.Shots;

/// <summary>
/// One number for how much the picture changed between two frames: mean absolute luma difference (as a fraction of
/// 255) plus colour histogram distance, so about 0 for a still shot and 1 to 2 across a cut. The two parts fail in
/// different places: a pan moves pixels but keeps the colours, and two scenes of similar colours still differ pixel
/// by pixel.
/// </summary>
internal static class FrameChange
{
    public static float Of(float meanAbsoluteDifference, float histogramDistance) => (meanAbsoluteDifference / 255f) + histogramDistance;

    /// <summary>Change between frame <paramref name="t"/> and frame t - <paramref name="lag"/>; NaN outside the video.</summary>
    public static float Between(IReadOnlyList<FrameMeasure> measures, int t, int lag) =>
        t < 0 || t >= measures.Count || lag > FrameMeasure.MaxLag || t - lag < 0
            ? float.NaN
            : Of(measures[t].Difference[lag], measures[t].Histogram[lag]);

    /// <summary>Change between frames m - HalfSpans[k] and m + HalfSpans[k].</summary>
    public static float AcrossSpan(FrameMeasure measure, int k) => Of(measure.SpanDifference[k], measure.SpanHistogram[k]);
}
