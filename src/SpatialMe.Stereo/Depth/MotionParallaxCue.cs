using System.Runtime.InteropServices;
using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>
/// Motion parallax: for a translating camera the image motion of a point is proportional to its inverse depth, so once
/// the global motion (rotation, zoom, the dominant plane: <see cref="GlobalAffineMotion"/>) is removed, the residual
/// flow magnitude ranks points by nearness. Independently moving objects also leave residual flow; treating them as
/// near is usually right (people and cars in front of a background). Flow is Farneback on the working-size luma,
/// current → previous, so it lives on the current frame's pixels.
/// </summary>
internal static class MotionParallaxCue
{
    private const int MinSide = 24;

    /// <summary>
    /// The cue in [0, 1] (residual / its 98th percentile, so zero residual stays zero: "on the dominant plane") and the
    /// parallax measured (90th percentile of the residual, working-size pixels). Cue is null where that parallax is
    /// below <paramref name="minParallax"/>: there is no reliable motion to use.
    /// </summary>
    public static (FloatPlane? Cue, float Parallax) Compute(WorkingFrame current, WorkingFrame previous, float minParallax)
    {
        var w = current.Width;
        var h = current.Height;
        if (Math.Min(w, h) < MinSide)
        {
            return (null, 0f); // too small for a flow pyramid to mean anything
        }

        var flow = DenseFlow(current, previous);

        // Fit and measure away from the border, where Farneback sees content entering or leaving the frame.
        var margin = Math.Max(2, Math.Min(w, h) / 24);
        var step = Math.Max(1, Math.Min(w, h) / 64);
        var samples = new List<int>();
        for (var y = margin; y < h - margin; y += step)
        {
            for (var x = margin; x < w - margin; x += step)
            {
                samples.Add((y * w) + x);
            }
        }

        var sampleSpan = CollectionsMarshal.AsSpan(samples);
        var motion = GlobalAffineMotion.Fit(flow, w, h, sampleSpan);
        var sampleResiduals = new float[samples.Count];
        for (var k = 0; k < samples.Count; k++)
        {
            sampleResiduals[k] = (float)motion.Residual(flow, w, samples[k]);
        }

        Array.Sort(sampleResiduals);
        var parallax = RobustPercentiles.FromSorted(sampleResiduals, 90);
        if (!(parallax >= minParallax))
        {
            return (null, parallax);
        }

        var residual = new FloatPlane(w, h);
        Parallel.For(0, h, y =>
        {
            var row = residual.Row(y);
            for (var x = 0; x < w; x++)
            {
                row[x] = (float)motion.Residual(flow, w, (y * w) + x);
            }
        });

        // A little smoothing: Farneback is noisy in flat areas; the guided filter later realigns edges.
        var smooth = BoxMean.Apply(residual, 2);
        var top = RobustPercentiles.FromSorted(RobustPercentiles.SortedSample(smooth), 98);
        var inv = top > 1e-6f ? 1f / top : 0f;
        for (var i = 0; i < smooth.Data.Length; i++)
        {
            smooth.Data[i] = Math.Min(1f, smooth.Data[i] * inv);
        }

        return (smooth, parallax);
    }

    /// <summary>Interleaved (u, v) per pixel: where the current pixel's content was in the previous frame.</summary>
    private static float[] DenseFlow(WorkingFrame current, WorkingFrame previous)
    {
        var w = current.Width;
        var h = current.Height;
        using var a = Mat.FromPixelData(h, w, MatType.CV_8UC1, current.Luma8);
        using var b = Mat.FromPixelData(h, w, MatType.CV_8UC1, previous.Luma8);
        using var flowMat = new Mat();
        Cv2.CalcOpticalFlowFarneback(a, b, flowMat, 0.5, 3, 15, 3, 5, 1.2, OpticalFlowFlags.None);
        var flow = new float[w * h * 2];
        if (flowMat.IsContinuous())
        {
            Marshal.Copy(flowMat.Data, flow, 0, flow.Length);
        }
        else
        {
            for (var y = 0; y < h; y++)
            {
                Marshal.Copy(flowMat.Ptr(y), flow, y * w * 2, w * 2);
            }
        }

        return flow;
    }
}
