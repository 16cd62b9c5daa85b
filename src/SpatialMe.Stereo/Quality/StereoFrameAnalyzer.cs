using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Measures one stereo frame's comfort figures (<see cref="FrameQuality"/>) from its two views, on copies reduced to
/// the options' working width (area averaging; never enlarged). Stateless and thread-safe.
/// </summary>
public sealed class StereoFrameAnalyzer
{
    private readonly StereoQualityOptions _options;

    public StereoFrameAnalyzer(StereoQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <param name="frame">The frame's number in the video.</param>
    /// <param name="left">The left view.</param>
    /// <param name="right">The right view (same size).</param>
    /// <param name="previous">The views of frame − 1 in the same shot, for flicker and change; null where there is none.</param>
    public FrameQuality Analyze(int frame, RgbImage left, RgbImage right, (RgbImage Left, RgbImage Right)? previous)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!left.SameSize(right))
        {
            throw new ArgumentException($"The right view is {right.Width}x{right.Height} but the left is {left.Width}x{left.Height}.");
        }

        var l = Working(left);
        var r = Working(right);
        var field = ParallaxField.Measure(l, r, _options);
        var sorted = RobustPercentiles.SortedSample(field.Parallax);
        var (windowLeft, windowRight) = StereoWindow.Measure(field.Parallax, _options);
        double? flicker = null;
        double? leftChange = null;
        double? rightChange = null;
        if (previous is { } before)
        {
            var pl = Working(before.Left);
            var pr = Working(before.Right);
            flicker = TemporalFlicker.Measure(pl, pr, l, r);
            leftChange = TemporalFlicker.Change(pl, l);
            rightChange = TemporalFlicker.Change(pr, r);
        }

        return new FrameQuality
        {
            Frame = frame,
            NearPercent = RobustPercentiles.FromSorted(sorted, _options.NearPercentile),
            FarPercent = RobustPercentiles.FromSorted(sorted, _options.FarPercentile),
            MeanPercent = sorted.Length == 0 ? 0 : sorted.Average(v => (double)v),
            MatchedPercent = 100.0 * Matched(field.Parallax) / field.Parallax.Data.Length,
            WindowLeft = windowLeft,
            WindowRight = windowRight,
            DisocclusionPercent = 100.0 * field.Disoccluded.Count() / field.Disoccluded.Data.Length,
            Flicker = flicker,
            LeftChange = leftChange,
            RightChange = rightChange,
        };
    }

    private RgbImage Working(RgbImage view)
    {
        if (view.Width <= _options.WorkingWidth)
        {
            return view;
        }

        var height = Math.Max(1, (int)Math.Round((double)view.Height * _options.WorkingWidth / view.Width));
        return WorkingFrame.Downscale(view, _options.WorkingWidth, height);
    }

    private static int Matched(FloatPlane parallax)
    {
        var n = 0;
        foreach (var v in parallax.Data)
        {
            if (!float.IsNaN(v))
            {
                n++;
            }
        }

        return n;
    }
}
