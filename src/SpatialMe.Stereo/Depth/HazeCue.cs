using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Aerial perspective by the dark channel prior (He, Sun and Tang, CVPR 2009). In haze-free patches at least one colour
/// channel is near zero somewhere; airlight raises that minimum with distance, as I = J·t + A·(1 − t) with
/// transmission t = e^(−β·depth). So t ≈ 1 − ω·min over patch and channel of I_c / A_c, and the cue is t itself
/// (high transmission = near). The airlight A is the mean colour of the 0.1 % pixels with the brightest dark channel.
/// Bright, colourless surfaces also read as far: that is the prior's known failure, one reason its weight is moderate.
/// </summary>
internal static class HazeCue
{
    /// <summary>He et al.'s ω: keeps a little haze so far objects do not look unnaturally flat.</summary>
    private const float Omega = 0.95f;

    /// <summary>Lowest airlight channel allowed, so a dark frame does not divide by almost zero.</summary>
    private const float MinAirlight = 0.1f;

    public static FloatPlane Compute(WorkingFrame frame, int patchRadius)
    {
        var w = frame.Width;
        var h = frame.Height;
        var channelMin = new FloatPlane(w, h);
        for (var i = 0; i < channelMin.Data.Length; i++)
        {
            channelMin.Data[i] = Math.Min(frame.Red.Data[i], Math.Min(frame.Green.Data[i], frame.Blue.Data[i]));
        }

        var dark = MinFilter.Apply(channelMin, patchRadius);
        var (ar, ag, ab) = Airlight(frame, dark);

        var scaled = channelMin; // reuse: per-pixel min of I_c / A_c
        for (var i = 0; i < scaled.Data.Length; i++)
        {
            scaled.Data[i] = Math.Min(frame.Red.Data[i] / ar, Math.Min(frame.Green.Data[i] / ag, frame.Blue.Data[i] / ab));
        }

        var transmission = MinFilter.Apply(scaled, patchRadius);
        for (var i = 0; i < transmission.Data.Length; i++)
        {
            transmission.Data[i] = Math.Clamp(1f - (Omega * transmission.Data[i]), 0.05f, 1f);
        }

        return transmission;
    }

    private static (float R, float G, float B) Airlight(WorkingFrame frame, FloatPlane dark)
    {
        var threshold = RobustPercentiles.FromSorted(RobustPercentiles.SortedSample(dark), 99.9);
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var i = 0; i < dark.Data.Length; i++)
        {
            if (dark.Data[i] >= threshold)
            {
                r += frame.Red.Data[i];
                g += frame.Green.Data[i];
                b += frame.Blue.Data[i];
                n++;
            }
        }

        n = Math.Max(n, 1);
        return (Math.Max(MinAirlight, (float)(r / n)), Math.Max(MinAirlight, (float)(g / n)), Math.Max(MinAirlight, (float)(b / n)));
    }
}
