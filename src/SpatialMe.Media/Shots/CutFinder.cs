namespace SpatialMe.Media.Shots;

/// <summary>
/// Hard cuts. The score of a possible cut before frame t is the smallest <see cref="FrameChange"/> among the frame
/// pairs that straddle it, (t-1, t), (t-1, t+1) and (t-2, t): a cut changes all three, while a single odd frame (a
/// flash, a decoding glitch) or a jittery pan changes only some. A cut is a score that stands out from the local
/// level on both sides (median and spread of the scores a few frames before, and after, so a calm shot cut to a
/// shaky one is judged against each), not a fixed threshold. Two checks then tell it from look-alikes: nearly all of
/// the change across a few frames happens in this one step (otherwise it is part of a gradual transition), and the
/// picture does not come back within three frames (otherwise it was a flash).
/// </summary>
internal static class CutFinder
{
    /// <summary>Frames on each side whose scores set the local level.</summary>
    private const int Window = 12;

    /// <summary>
    /// A cut's score is at least this many times the local median... (A jump cut within one street walk scores
    /// about 3 times its neighbours; within-shot motion, on the fixtures and clips measured, less than 2.)
    /// </summary>
    private const float Ratio = 2.5f;

    /// <summary>...and this many spreads above it (jump cut about 7, motion at most about 3)...</summary>
    private const float Spreads = 5f;

    /// <summary>...and at least this much in absolute terms (a luma change of 30 grey levels, or an eighth of the histogram).</summary>
    private const float MinScore = 0.12f;

    /// <summary>Floors under the local median and spread, so that a perfectly still shot's zero level does not make noise a cut.</summary>
    private const float MedianFloor = 0.02f;
    private const float SpreadFloor = 0.01f;

    /// <summary>The cut's step must carry at least this share of the luma change from t-3 to t+2.</summary>
    private const float StepShare = 0.6f;

    /// <summary>A picture that comes back this close (relative to the score) within three frames was a flash.</summary>
    private const float Return = 0.5f;

    /// <summary>Frames between the two ends of a flash check: a flash of up to three frames is caught.</summary>
    private const int FlashPairLag = 4;

    public static List<ShotBoundary> Find(IReadOnlyList<FrameMeasure> measures, IReadOnlyList<ShotBoundary> fades)
    {
        var count = measures.Count;
        var scores = new float[count];
        for (var t = 0; t < count; t++)
        {
            scores[t] = Score(measures, t);
        }

        var cuts = new List<ShotBoundary>();
        Span<float> window = stackalloc float[Window];
        for (var t = 1; t < count; t++)
        {
            var score = scores[t];
            if (!(score >= MinScore) || !IsLocalMaximum(scores, t) || fades.Any(f => f.Touches(t, 1)))
            {
                continue;
            }

            if (!StandsOut(score, scores, t - 1 - Window, t - 1, window) || !StandsOut(score, scores, t + 2, t + 2 + Window, window))
            {
                continue;
            }

            if (!CarriesTheChange(measures, t) || PictureReturns(measures, t, score))
            {
                continue;
            }

            cuts.Add(new ShotBoundary(t, ShotTransition.Cut, t - 1, t));
        }

        return cuts;
    }

    /// <summary>
    /// Whether the step into frame t carries most of the luma change from t - 3 to t + 2. Luma difference, not the
    /// histogram: a blend's pixels move linearly with its weight, so a short dissolve's steps each carry their share,
    /// while a histogram jumps as soon as new colours appear.
    /// </summary>
    private static bool CarriesTheChange(IReadOnlyList<FrameMeasure> measures, int t)
    {
        var last = Math.Min(measures.Count - 1, t + 2);
        var first = Math.Max(0, t - 3);
        return measures[t].Difference[1] >= StepShare * measures[last].Difference[last - first];
    }

    /// <summary>The smallest change among the pairs straddling the step from t - 1 to t; NaN at frame 0.</summary>
    private static float Score(IReadOnlyList<FrameMeasure> measures, int t)
    {
        if (t == 0)
        {
            return float.NaN;
        }

        var score = FrameChange.Between(measures, t, 1);
        if (t + 1 < measures.Count)
        {
            score = MathF.Min(score, FrameChange.Between(measures, t + 1, 2));
        }

        if (t >= 2)
        {
            score = MathF.Min(score, FrameChange.Between(measures, t, 2));
        }

        return score;
    }

    private static bool IsLocalMaximum(float[] scores, int t)
    {
        for (var i = Math.Max(1, t - 2); i <= Math.Min(scores.Length - 1, t + 2); i++)
        {
            // Ties go to the earlier frame.
            if (scores[i] > scores[t] || (i < t && scores[i] == scores[t]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="score"/> stands out from scores[from .. to) (clipped to the video); true where too few are left to judge.</summary>
    private static bool StandsOut(float score, float[] scores, int from, int to, Span<float> buffer)
    {
        from = Math.Max(1, from);
        to = Math.Min(scores.Length, to);
        if (to - from < 3)
        {
            return true;
        }

        var values = buffer[..(to - from)];
        scores.AsSpan(from, to - from).CopyTo(values);
        var level = RobustLevel.Of(values);
        var median = MathF.Max(level.Median, MedianFloor);
        return score >= Ratio * median && score >= median + (Spreads * MathF.Max(level.Spread, SpreadFloor));
    }

    /// <summary>
    /// Whether some pair of frames at most <see cref="FlashPairLag"/> apart that straddles the step from t - 1 to t
    /// shows the same picture: then the change did not last (a flash or a glitch of up to three frames, seen at its
    /// start or at its end).
    /// </summary>
    private static bool PictureReturns(IReadOnlyList<FrameMeasure> measures, int t, float score)
    {
        for (var lag = 2; lag <= FlashPairLag; lag++)
        {
            for (var after = t; after < t + lag && after < measures.Count; after++)
            {
                if (after - lag >= 0 && FrameChange.Between(measures, after, lag) < Return * score)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
