namespace SpatialMe.Stereo.Depth;

/// <summary>
/// The camera's global image motion as an affine flow field, u = a0 + a1·x + a2·y and v = b0 + b1·x + b2·y, fitted to a
/// dense flow by iteratively reweighted least squares with Cauchy weights. Affine covers pan, tilt, roll, zoom and the
/// motion of the dominant plane; the robust weights let the dominant (usually background) motion win over a nearer
/// object moving differently, so what is left over is parallax relative to that plane.
/// </summary>
internal readonly record struct GlobalAffineMotion(double A0, double A1, double A2, double B0, double B1, double B2, double CenterX, double CenterY, double Scale)
{
    private const int Iterations = 4;

    public (double U, double V) At(double x, double y)
    {
        var xn = (x - CenterX) * Scale;
        var yn = (y - CenterY) * Scale;
        return (A0 + (A1 * xn) + (A2 * yn), B0 + (B1 * xn) + (B2 * yn));
    }

    /// <summary>
    /// Fits to the flow (interleaved u, v per pixel of a width×height grid) at the given sample pixels.
    /// </summary>
    public static GlobalAffineMotion Fit(float[] flow, int width, int height, ReadOnlySpan<int> samples)
    {
        // Normalised coordinates keep the 3×3 normal equations well conditioned.
        var model = new GlobalAffineMotion(0, 0, 0, 0, 0, 0, width / 2.0, height / 2.0, 1.0 / Math.Max(width, height));
        var weights = new double[samples.Length];
        Array.Fill(weights, 1.0);
        var residuals = new double[samples.Length];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            model = Solve(model, flow, width, samples, weights);
            if (iteration == Iterations - 1)
            {
                break;
            }

            for (var k = 0; k < samples.Length; k++)
            {
                residuals[k] = model.Residual(flow, width, samples[k]);
            }

            // Cauchy weights with a scale from the median absolute residual (1.4826 makes it a Gaussian σ).
            var sorted = (double[])residuals.Clone();
            Array.Sort(sorted);
            var sigma = (1.4826 * sorted[sorted.Length / 2]) + 0.05;
            for (var k = 0; k < samples.Length; k++)
            {
                var r = residuals[k] / sigma;
                weights[k] = 1.0 / (1.0 + (r * r));
            }
        }

        return model;
    }

    public double Residual(float[] flow, int width, int pixel)
    {
        var (u, v) = At(pixel % width, pixel / width);
        var du = flow[2 * pixel] - u;
        var dv = flow[(2 * pixel) + 1] - v;
        return Math.Sqrt((du * du) + (dv * dv));
    }

    private static GlobalAffineMotion Solve(GlobalAffineMotion basis, float[] flow, int width, ReadOnlySpan<int> samples, double[] weights)
    {
        // Normal equations M·c = r for the basis (1, x, y), shared by u and v.
        double s1 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        double su = 0, sxu = 0, syu = 0, sv = 0, sxv = 0, syv = 0;
        for (var k = 0; k < samples.Length; k++)
        {
            var p = samples[k];
            var w = weights[k];
            var x = ((p % width) - basis.CenterX) * basis.Scale;
            var y = ((p / width) - basis.CenterY) * basis.Scale;
            double u = flow[2 * p], v = flow[(2 * p) + 1];
            s1 += w;
            sx += w * x;
            sy += w * y;
            sxx += w * x * x;
            sxy += w * x * y;
            syy += w * y * y;
            su += w * u;
            sxu += w * x * u;
            syu += w * y * u;
            sv += w * v;
            sxv += w * x * v;
            syv += w * y * v;
        }

        // A tiny ridge keeps degenerate sample sets (a single row, say) solvable.
        var ridge = 1e-9 * Math.Max(s1, 1);
        var m = new[,] { { s1 + ridge, sx, sy }, { sx, sxx + ridge, sxy }, { sy, sxy, syy + ridge } };
        var cu = Solve3(m, su, sxu, syu);
        var cv = Solve3(m, sv, sxv, syv);
        return basis with { A0 = cu.Item1, A1 = cu.Item2, A2 = cu.Item3, B0 = cv.Item1, B1 = cv.Item2, B2 = cv.Item3 };
    }

    /// <summary>Cramer's rule for a symmetric 3×3 system; zero where it is singular.</summary>
    private static (double, double, double) Solve3(double[,] m, double r0, double r1, double r2)
    {
        var det = Det(m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2]);
        if (Math.Abs(det) < 1e-300)
        {
            return (0, 0, 0);
        }

        var c0 = Det(r0, m[0, 1], m[0, 2], r1, m[1, 1], m[1, 2], r2, m[2, 1], m[2, 2]) / det;
        var c1 = Det(m[0, 0], r0, m[0, 2], m[1, 0], r1, m[1, 2], m[2, 0], r2, m[2, 2]) / det;
        var c2 = Det(m[0, 0], m[0, 1], r0, m[1, 0], m[1, 1], r1, m[2, 0], m[2, 1], r2) / det;
        return (c0, c1, c2);
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
