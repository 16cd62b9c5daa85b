namespace SpatialMe.Media.Shots;

/// <summary>Distances between luma thumbnails of the same size, in grey levels (0..255).</summary>
internal static class ThumbnailComparison
{
    /// <summary>Mean absolute difference.</summary>
    public static float MeanAbsoluteDifference(FrameThumbnail a, FrameThumbnail b)
    {
        ReadOnlySpan<float> x = a.Luma;
        ReadOnlySpan<float> y = b.Luma;
        var sum = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            sum += MathF.Abs(x[i] - y[i]);
        }

        return sum / x.Length;
    }

    /// <summary>
    /// How far <paramref name="middle"/> is from the even blend of <paramref name="before"/> and <paramref name="after"/>
    /// (mean absolute difference). Halfway through a dissolve the frame is that blend; with a cut or camera motion
    /// in between it is not.
    /// </summary>
    public static float BlendResidual(FrameThumbnail middle, FrameThumbnail before, FrameThumbnail after)
    {
        ReadOnlySpan<float> m = middle.Luma;
        ReadOnlySpan<float> a = before.Luma;
        ReadOnlySpan<float> b = after.Luma;
        var sum = 0f;
        for (var i = 0; i < m.Length; i++)
        {
            sum += MathF.Abs(m[i] - (0.5f * (a[i] + b[i])));
        }

        return sum / m.Length;
    }
}
