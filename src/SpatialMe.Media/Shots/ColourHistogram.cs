namespace SpatialMe.Media.Shots;

/// <summary>
/// A coarse HSV-style colour histogram: grey pixels (unsaturated or dark) fall into 8 brightness bins, coloured ones
/// into 12 hue sectors times 2 brightness halves. Hue is what tells two scenes apart while the camera moves (a pan
/// shifts pixels but keeps their colours), and the bins are coarse so that noise and small lighting changes stay
/// inside one bin.
/// </summary>
internal static class ColourHistogram
{
    public const int Bins = GreyBins + (HueBins * 2);

    private const int GreyBins = 8;
    private const int HueBins = 12;

    /// <summary>Below this saturation (chroma / max) or this brightness (of 255) a pixel's hue is noise: it counts as grey.</summary>
    private const float MinSaturation = 0.2f;
    private const float MinBrightness = 30f;

    public static int BinOf(float r, float g, float b, float luma)
    {
        var max = MathF.Max(r, MathF.Max(g, b));
        var min = MathF.Min(r, MathF.Min(g, b));
        var chroma = max - min;
        if (max < MinBrightness || chroma < MinSaturation * max)
        {
            return Math.Min(GreyBins - 1, (int)(luma * GreyBins / 256f));
        }

        float hue; // in sectors of 60 degrees, [0, 6)
        if (max == r)
        {
            hue = (g - b) / chroma;
            if (hue < 0)
            {
                hue += 6;
            }
        }
        else if (max == g)
        {
            hue = ((b - r) / chroma) + 2;
        }
        else
        {
            hue = ((r - g) / chroma) + 4;
        }

        var sector = Math.Min(HueBins - 1, (int)(hue * HueBins / 6f));
        var half = max < 128 ? 0 : 1;
        return GreyBins + (sector * 2) + half;
    }

    /// <summary>Half the L1 distance: 0 for equal histograms, 1 for ones with no bin in common.</summary>
    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += MathF.Abs(a[i] - b[i]);
        }

        return 0.5f * sum;
    }
}
