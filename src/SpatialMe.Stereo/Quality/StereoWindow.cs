using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Stereo window violations: something in front of the screen (negative parallax) cut by the left or right frame
/// edge, which the eyes read as a contradiction (the frame edge, at the screen, hides a nearer object). Measured per
/// side as the share of the edge band's consistently matched pixels with parallax below the window threshold.
/// </summary>
public static class StereoWindow
{
    /// <returns>Shares (0–1) at the left and right edges; 0 for a side with no matched pixel.</returns>
    public static (double Left, double Right) Measure(FloatPlane parallax, StereoQualityOptions options)
    {
        var band = Math.Max(1, (int)Math.Round(parallax.Width * options.EdgeBandPercent / 100));
        return (Share(parallax, 0, band, options.WindowParallaxPercent), Share(parallax, parallax.Width - band, parallax.Width, options.WindowParallaxPercent));
    }

    private static double Share(FloatPlane parallax, int from, int to, double threshold)
    {
        long matched = 0;
        long inFront = 0;
        for (var y = 0; y < parallax.Height; y++)
        {
            var row = parallax.ReadRow(y);
            for (var x = from; x < to; x++)
            {
                if (!float.IsNaN(row[x]))
                {
                    matched++;
                    if (row[x] < threshold)
                    {
                        inFront++;
                    }
                }
            }
        }

        return matched == 0 ? 0 : (double)inFront / matched;
    }
}
