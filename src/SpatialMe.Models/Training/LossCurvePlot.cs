using OpenCvSharp;

namespace SpatialMe.Models.Training;

/// <summary>
/// Draws the loss curves of a run as a PNG: one line per loss against the step, on a log-scale y axis (the losses
/// differ by orders of magnitude and fall over orders of magnitude), with the axes, decade ticks and a legend. Meant
/// for a glance at whether a run converges; the CSV has the numbers.
/// </summary>
public static class LossCurvePlot
{
    private const int Width = 800;
    private const int Height = 500;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 20;
    private const int Bottom = 50;
    private const string PerceptualName = "perceptual (VGG19)";

    private static readonly (string Name, Func<StepLosses, double> Value, Scalar Colour)[] AllCurves =
    [
        ("L1 (occlusion-weighted)", l => l.OcclusionWeightedL1, new Scalar(200, 80, 0)),
        (PerceptualName, l => l.Perceptual, new Scalar(160, 0, 160)),
        ("adversarial", l => l.Adversarial, new Scalar(0, 140, 0)),
        ("discriminator", l => l.Discriminator, new Scalar(0, 0, 200)),
        ("total", l => l.Total, new Scalar(40, 40, 40)),
    ];

    public static void Save(IReadOnlyList<StepLosses> losses, string path)
    {
        ArgumentNullException.ThrowIfNull(losses);
        // A run without the perceptual term logs it as 0: no curve and no legend entry for a term that was off.
        var curves = AllCurves.Where(c => c.Name != PerceptualName || losses.Any(l => l.Perceptual != 0)).ToArray();
        using var canvas = new Mat(Height, Width, MatType.CV_8UC3, Scalar.White);
        var positive = losses.SelectMany(l => curves.Select(c => c.Value(l))).Where(v => v > 0 && double.IsFinite(v)).ToList();
        var low = Math.Floor(Math.Log10(positive.Count > 0 ? positive.Min() : 1e-3));
        var high = Math.Ceiling(Math.Log10(positive.Count > 0 ? positive.Max() : 1));
        if (high <= low)
        {
            high = low + 1;
        }

        var lastStep = Math.Max(1, losses.Count > 0 ? losses[^1].Step : 1);
        var firstStep = losses.Count > 0 ? losses[0].Step : 0;
        int X(long step) => Left + (int)Math.Round((step - firstStep) * (Width - Left - Right) / (double)Math.Max(1, lastStep - firstStep));
        int Y(double v) => Top + (int)Math.Round((high - Math.Log10(v)) * (Height - Top - Bottom) / (high - low));

        var axis = new Scalar(0, 0, 0);
        Cv2.Line(canvas, new Point(Left, Top), new Point(Left, Height - Bottom), axis);
        Cv2.Line(canvas, new Point(Left, Height - Bottom), new Point(Width - Right, Height - Bottom), axis);
        for (var decade = low; decade <= high; decade++)
        {
            var y = Y(Math.Pow(10, decade));
            Cv2.Line(canvas, new Point(Left - 5, y), new Point(Width - Right, y), new Scalar(220, 220, 220));
            Cv2.PutText(canvas, $"1e{decade:0}", new Point(8, y + 5), HersheyFonts.HersheySimplex, 0.45, axis);
        }

        Cv2.PutText(canvas, $"step {firstStep}", new Point(Left, Height - 20), HersheyFonts.HersheySimplex, 0.45, axis);
        Cv2.PutText(canvas, $"step {lastStep}", new Point(Width - Right - 90, Height - 20), HersheyFonts.HersheySimplex, 0.45, axis);

        for (var c = 0; c < curves.Length; c++)
        {
            var (name, value, colour) = curves[c];
            var points = losses.Where(l => value(l) > 0 && double.IsFinite(value(l))).Select(l => new Point(X(l.Step), Y(value(l)))).ToArray();
            if (points.Length > 1)
            {
                Cv2.Polylines(canvas, [points], isClosed: false, colour, 1, LineTypes.AntiAlias);
            }

            Cv2.Line(canvas, new Point(Width - 230, Top + 12 + (18 * c)), new Point(Width - 205, Top + 12 + (18 * c)), colour, 2);
            Cv2.PutText(canvas, name, new Point(Width - 198, Top + 17 + (18 * c)), HersheyFonts.HersheySimplex, 0.45, colour);
        }

        if (!Cv2.ImWrite(path, canvas))
        {
            throw new IOException($"Could not write the loss curve to {path}.");
        }
    }
}
