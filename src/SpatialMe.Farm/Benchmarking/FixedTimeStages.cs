using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Benchmarking;

/// <summary>
/// The farm's benchmark mode (<see cref="Hosting.FarmOptions.BenchmarkStageTime"/>): depth and view synthesis each
/// take a fixed, known time per frame — as a GPU whose speed is known would — while everything the farm itself does
/// stays real: decoding the input, writing and committing intermediates, scheduling, state, the stitch. Scaling over
/// silos can then be measured apart from the CPU cores of the machine running the benchmark (compute no longer
/// competes for them), and the time a segment spends outside compute is the wall time minus the fixed part.
/// Never used for real conversions: the "right view" is the left one.
/// </summary>
public static class FixedTimeStages
{
    public static string DepthName(TimeSpan perFrame) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"fixed-time-{perFrame.TotalMilliseconds:0.#}ms");
}

/// <summary>Depth that takes exactly <paramref name="perFrame"/> (a wait, no CPU) and is a ground plane: near at the bottom.</summary>
public sealed class FixedTimeDepthEstimator(TimeSpan perFrame) : IDepthEstimator
{
    public string Name => FixedTimeStages.DepthName(perFrame);

    public string Description => "benchmark mode: a fixed time per frame, no depth estimation";

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Thread.Sleep(perFrame);
        var depth = new FloatPlane(frame.Width, frame.Height);
        for (var y = 0; y < frame.Height; y++)
        {
            depth.Row(y).Fill(1f + y);
        }

        return depth;
    }
}

/// <summary>View synthesis that takes exactly <paramref name="perFrame"/> per frame (a wait) and returns the left view as the right.</summary>
public sealed class FixedTimeViewSynthesizer(TimeSpan perFrame) : IViewSynthesizer
{
    public IReadOnlyList<SynthesizedView> Push(RgbImage left, FloatPlane normalizedDepth)
    {
        ArgumentNullException.ThrowIfNull(left);
        Thread.Sleep(perFrame);
        return [new SynthesizedView(left, left, new FloatPlane(left.Width, left.Height))];
    }

    public IReadOnlyList<SynthesizedView> Complete() => [];
}
