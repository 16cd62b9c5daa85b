namespace SpatialMe.Media.Shots;

/// <summary>
/// Fades: runs of near-uniform frames (black, white or any flat colour) between frames with a picture. The new shot
/// starts at the frame after the most uniform frame of the run (the last one where several tie), so the black frames
/// belong to the shot that faded out and the new shot begins with its first picture. The transition's span reaches
/// out over the ramps on either side, frames whose contrast keeps falling towards the run, so that the large
/// frame-to-frame changes of a fast fade are not taken for cuts. A run at the very start or end of the video (a fade
/// in from black, a fade out at the end) is no boundary, but its span is kept for that purpose.
/// </summary>
internal static class FadeFinder
{
    /// <summary>
    /// Thumbnail luma standard deviation (0..255) at or below which a frame is "uniform". Every real picture measured
    /// (the demo photos, tokyo-walk, the city-night sample) stays above 20; a frame halfway through a fade is above it too.
    /// </summary>
    private const float UniformDeviation = 6f;

    /// <summary>Per-frame relative rise in contrast that still counts as part of a fade ramp.</summary>
    private const float RampRise = 0.05f;

    /// <summary>The longest ramp followed, in frames (a slow fade lasts about two seconds).</summary>
    private const int MaxRamp = 60;

    /// <summary><see cref="FrameChange"/> below which the pictures either side of a short uniform run are the same shot.</summary>
    private const float SamePicture = 0.3f;

    public static List<ShotBoundary> Find(IReadOnlyList<FrameMeasure> measures)
    {
        var fades = new List<ShotBoundary>();
        var t = 0;
        while (t < measures.Count)
        {
            if (measures[t].Deviation > UniformDeviation)
            {
                t++;
                continue;
            }

            var first = t;
            var mostUniform = t;
            while (t < measures.Count && measures[t].Deviation <= UniformDeviation)
            {
                if (measures[t].Deviation <= measures[mostUniform].Deviation)
                {
                    mostUniform = t;
                }

                t++;
            }

            var last = t - 1;
            var start = RampStart(measures, first);
            var end = RampEnd(measures, last);
            var boundary = first == 0 ? 0 : last == measures.Count - 1 ? measures.Count : mostUniform + 1;
            if (IsFlash(measures, start, end))
            {
                // Same span, no boundary: the frames around it are still kept out of the cut search.
                boundary = 0;
            }

            fades.Add(new ShotBoundary(boundary, ShotTransition.Fade, start, end));
        }

        return fades;
    }

    /// <summary>
    /// A span so short that the frames just outside it can still be compared, with the same picture on both sides (a
    /// camera flash, a blank frame or two), is no transition.
    /// </summary>
    private static bool IsFlash(IReadOnlyList<FrameMeasure> measures, int start, int end)
    {
        var before = start - 1;
        var after = end + 1;
        return before >= 0 && after < measures.Count && after - before <= FrameMeasure.MaxLag
            && FrameChange.Between(measures, after, after - before) < SamePicture;
    }

    private static int RampStart(IReadOnlyList<FrameMeasure> measures, int first)
    {
        var start = first;
        while (start > 0 && first - start < MaxRamp && Rises(measures[start].Deviation, measures[start - 1].Deviation))
        {
            start--;
        }

        return start;
    }

    private static int RampEnd(IReadOnlyList<FrameMeasure> measures, int last)
    {
        var end = last;
        while (end < measures.Count - 1 && end - last < MaxRamp && Rises(measures[end].Deviation, measures[end + 1].Deviation))
        {
            end++;
        }

        return end;
    }

    private static bool Rises(float from, float to) => to > (from * (1 + RampRise)) + 0.5f;
}
