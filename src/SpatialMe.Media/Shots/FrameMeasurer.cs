using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Shots;

/// <summary>
/// Turns a stream of frames into <see cref="FrameMeasure"/>s. Only the last few thumbnails are kept (a ring as long
/// as the widest dissolve window), so memory does not grow with the frame size, only by one small measure a frame.
/// A frame's window measures are filled in when the frame HalfSpans[k] later arrives.
/// </summary>
internal sealed class FrameMeasurer
{
    private static readonly int RingLength = (2 * FrameMeasure.HalfSpans[^1]) + 1;

    private readonly FrameThumbnail[] _ring = new FrameThumbnail[RingLength];
    private readonly List<FrameMeasure> _measures = [];
    private (int Width, int Height) _frameSize;

    public FrameMeasurer()
    {
        for (var i = 0; i < _ring.Length; i++)
        {
            _ring[i] = new FrameThumbnail();
        }
    }

    public IReadOnlyList<FrameMeasure> Measures => _measures;

    public void Add(RgbImage frame)
    {
        var t = _measures.Count;
        if (t == 0)
        {
            _frameSize = (frame.Width, frame.Height);
        }
        else if (_frameSize != (frame.Width, frame.Height))
        {
            throw new ArgumentException($"Frame {t} is {frame.Width}x{frame.Height}, unlike the {_frameSize.Width}x{_frameSize.Height} frames before it.", nameof(frame));
        }

        var current = _ring[t % RingLength];
        current.Fill(frame);

        var measure = new FrameMeasure { Mean = current.Mean, Deviation = current.StandardDeviation };
        for (var lag = 1; lag <= FrameMeasure.MaxLag && lag <= t; lag++)
        {
            var earlier = _ring[(t - lag) % RingLength];
            measure.Difference[lag] = ThumbnailComparison.MeanAbsoluteDifference(current, earlier);
            measure.Histogram[lag] = ColourHistogram.Distance(current.Histogram, earlier.Histogram);
        }

        _measures.Add(measure);
        for (var k = 0; k < FrameMeasure.HalfSpans.Length; k++)
        {
            var h = FrameMeasure.HalfSpans[k];
            var middle = t - h;
            if (middle - h < 0)
            {
                continue;
            }

            var before = _ring[(middle - h) % RingLength];
            var centre = _ring[middle % RingLength];
            var m = _measures[middle];
            m.BlendResidual[k] = ThumbnailComparison.BlendResidual(centre, before, current);
            m.SpanDifference[k] = ThumbnailComparison.MeanAbsoluteDifference(before, current);
            m.SpanHistogram[k] = ColourHistogram.Distance(before.Histogram, current.Histogram);
        }
    }
}
