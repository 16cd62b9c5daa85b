namespace SpatialMe.Media.Shots;

/// <summary>
/// Dissolves (cross-fades). Frame m is evidence of one when, for some half-width h, comparing it with frames m - h
/// and m + h shows all of:
/// <list type="bullet">
/// <item>a large change between the two ends (<see cref="FrameChange"/> at least <see cref="MinChange"/>),</item>
/// <item>made gradually: no single step inside carries more than <see cref="MaxStepShare"/> of the ends' luma
/// difference (else it is a cut),</item>
/// <item>frame m close to the even blend of the ends (blend residual at most <see cref="MaxBlendResidual"/> of the
/// ends' difference; a pan gives about 0.6 and more, because a moved picture is not the average of two others),</item>
/// <item>frame m of lower contrast than the ends (at most <see cref="MaxContrastDip"/> of their RMS contrast): a blend
/// of two unrelated pictures is flatter than either, whatever the camera does, while motion keeps contrast.</item>
/// </list>
/// The frames with evidence of one dissolve form a cluster around its middle; the new shot starts at the cluster's
/// middle frame. Windows that reach into a fade or across a cut are not used.
/// </summary>
internal static class DissolveFinder
{
    private const float MinChange = 0.3f;
    private const float MaxStepShare = 0.5f;
    private const float MaxBlendResidual = 0.45f;
    private const float MaxContrastDip = 0.92f;

    /// <summary>Evidence frames at most this far apart belong to the same dissolve.</summary>
    private const int ClusterGap = 2;

    public static List<ShotBoundary> Find(IReadOnlyList<FrameMeasure> measures, IReadOnlyList<ShotBoundary> fades, IReadOnlyList<ShotBoundary> cuts)
    {
        var dissolves = new List<ShotBoundary>();
        var clusterStart = -1;
        var clusterEnd = -1;
        for (var m = 0; m < measures.Count; m++)
        {
            if (!IsEvidence(measures, m, fades, cuts))
            {
                continue;
            }

            if (clusterStart >= 0 && m - clusterEnd > ClusterGap)
            {
                dissolves.Add(Dissolve(clusterStart, clusterEnd));
                clusterStart = -1;
            }

            if (clusterStart < 0)
            {
                clusterStart = m;
            }

            clusterEnd = m;
        }

        if (clusterStart >= 0)
        {
            dissolves.Add(Dissolve(clusterStart, clusterEnd));
        }

        return dissolves;
    }

    private static ShotBoundary Dissolve(int first, int last) =>
        new((first + last + 1) / 2, ShotTransition.Dissolve, first, last);

    private static bool IsEvidence(IReadOnlyList<FrameMeasure> measures, int m, IReadOnlyList<ShotBoundary> fades, IReadOnlyList<ShotBoundary> cuts)
    {
        var measure = measures[m];
        for (var k = 0; k < FrameMeasure.HalfSpans.Length; k++)
        {
            var h = FrameMeasure.HalfSpans[k];
            var change = FrameChange.AcrossSpan(measure, k);
            if (!(change >= MinChange)
                || measure.BlendResidual[k] > MaxBlendResidual * measure.SpanDifference[k]
                || ContrastDip(measures, m, h) > MaxContrastDip
                || LargestStep(measures, m - h + 1, m + h) > MaxStepShare * measure.SpanDifference[k]
                || fades.Any(f => f.SpanStart <= m + h && f.SpanEnd >= m - h)
                || cuts.Any(c => c.Frame > m - h && c.Frame <= m + h))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>Frame m's contrast relative to the RMS contrast of frames m ± h (1 grey level² keeps flat frames finite).</summary>
    private static float ContrastDip(IReadOnlyList<FrameMeasure> measures, int m, int h)
    {
        var before = measures[m - h].Deviation;
        var after = measures[m + h].Deviation;
        return measures[m].Deviation / MathF.Sqrt((0.5f * ((before * before) + (after * after))) + 1f);
    }

    /// <summary>
    /// The largest one-frame luma difference among the steps into frames <paramref name="from"/> .. <paramref name="to"/>
    /// (luma, not histograms: see <see cref="CutFinder"/>'s step test).
    /// </summary>
    private static float LargestStep(IReadOnlyList<FrameMeasure> measures, int from, int to)
    {
        var largest = 0f;
        for (var t = from; t <= to; t++)
        {
            largest = MathF.Max(largest, measures[t].Difference[1]);
        }

        return largest;
    }
}
