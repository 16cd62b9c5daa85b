namespace SpatialMe.Stereo.Quality;

/// <summary>
/// How much a segment seam shows in the finished title, measured like the farm's seam study (SeamAnalysis) but from
/// the stereo output alone: at the seam frame, the right view's change beyond the left view's (a conversion step the
/// source does not have) and the step of the mean parallax, each against the shot's typical step (the median over
/// its analysed frames; parallax steps per frame of distance). A seam is flagged when a step is more than
/// <see cref="StereoQualityOptions.SeamRatio"/> times the typical one and above a floor (below it, nobody sees it).
/// </summary>
public static class SeamSteps
{
    /// <summary>Right-view change beyond the left's (luma 0–255) too small to see whatever the ratio.</summary>
    public const double ViewFloor = 1;

    /// <summary>Mean-parallax step (% of width) too small to see whatever the ratio.</summary>
    public const double ParallaxFloor = 0.05;

    /// <param name="seamFrame">The frame a seam leads into (its frame − 1 and itself are in <paramref name="shotFrames"/>).</param>
    /// <param name="shotFrames">The shot's analysed frames, in order.</param>
    /// <returns>Null where the seam's two frames were not both analysed.</returns>
    public static SeamQuality? Measure(int seamFrame, int shot, IReadOnlyList<FrameQuality> shotFrames, StereoQualityOptions options)
    {
        var at = shotFrames.FirstOrDefault(f => f.Frame == seamFrame);
        var before = shotFrames.FirstOrDefault(f => f.Frame == seamFrame - 1);
        if (at is null || before is null || ExcessChange(at) is not { } viewStep)
        {
            return null;
        }

        var typicalView = Median(shotFrames.Where(f => f.Frame != seamFrame).Select(ExcessChange).OfType<double>());
        var parallaxSteps = new List<double>();
        for (var i = 1; i < shotFrames.Count; i++)
        {
            if (shotFrames[i].Frame != seamFrame)
            {
                parallaxSteps.Add(Math.Abs(shotFrames[i].MeanPercent - shotFrames[i - 1].MeanPercent) / (shotFrames[i].Frame - shotFrames[i - 1].Frame));
            }
        }

        var typicalParallax = Median(parallaxSteps);
        var parallaxStep = Math.Abs(at.MeanPercent - before.MeanPercent);
        var flagged = (viewStep > ViewFloor && viewStep > options.SeamRatio * typicalView)
            || (parallaxStep > ParallaxFloor && parallaxStep > options.SeamRatio * typicalParallax);
        return new SeamQuality
        {
            Frame = seamFrame,
            Shot = shot,
            ViewStep = viewStep,
            TypicalViewStep = typicalView,
            ParallaxStep = parallaxStep,
            TypicalParallaxStep = typicalParallax,
            Flagged = flagged,
        };
    }

    private static double? ExcessChange(FrameQuality frame) =>
        frame.RightChange is { } right && frame.LeftChange is { } left ? Math.Abs(right - left) : null;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
