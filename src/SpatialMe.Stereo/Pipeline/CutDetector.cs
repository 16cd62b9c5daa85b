using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// Detects hard cuts between consecutive frames so depth normalisation and motion cues restart with each shot: the
/// luma histograms (32 bins, on a 4-pixel grid) of the two frames are compared by their L1 distance, and a distance well
/// above the recent average marks a cut. Full shot detection (dissolves, fades) lives in the media layer.
/// </summary>
public sealed class CutDetector
{
    private const int Bins = 32;
    private const int Step = 4;
    private readonly float[] _previous = new float[Bins];
    private bool _hasPrevious;
    private float _recentAverage = 0.05f;

    /// <summary>Absolute floor on the histogram distance (0..2) for a cut.</summary>
    public float MinimumDistance { get; init; } = 0.5f;

    /// <summary>How many times the recent average distance a cut must exceed.</summary>
    public float Ratio { get; init; } = 4f;

    /// <summary>True when <paramref name="frame"/> starts a new shot (the first frame always does).</summary>
    public bool IsCut(RgbImage frame)
    {
        var hist = Histogram(frame);
        if (!_hasPrevious)
        {
            hist.CopyTo(_previous, 0);
            _hasPrevious = true;
            return true;
        }

        var distance = 0f;
        for (var i = 0; i < Bins; i++)
        {
            distance += MathF.Abs(hist[i] - _previous[i]);
        }

        hist.CopyTo(_previous, 0);
        var cut = distance > MinimumDistance && distance > Ratio * _recentAverage;
        _recentAverage = cut ? 0.05f : (0.8f * _recentAverage) + (0.2f * distance);
        return cut;
    }

    private static float[] Histogram(RgbImage frame)
    {
        var hist = new float[Bins];
        var count = 0;
        for (var y = 0; y < frame.Height; y += Step)
        {
            var row = frame.ReadRow(y);
            for (var x = 0; x < frame.Width; x += Step)
            {
                var luma = ((299 * row[3 * x]) + (587 * row[(3 * x) + 1]) + (114 * row[(3 * x) + 2])) / 1000;
                hist[luma * Bins / 256]++;
                count++;
            }
        }

        for (var i = 0; i < Bins; i++)
        {
            hist[i] /= count;
        }

        return hist;
    }
}
