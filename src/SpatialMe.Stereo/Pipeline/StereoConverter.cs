using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// The SpatialMe method over a stream of frames: depth → temporal normalisation (reset at cuts) →
/// <see cref="ViewSynthesizer"/> (disparity, forward warp, Poly, temporal and DE branches, fusion) → stereo packing.
/// Push frames in display order; packed output frames come back in the same order, delayed by the normaliser's
/// lookahead and the temporal branch's chunk. Memory is bounded by those two windows, never by the length of the film.
/// </summary>
public sealed class StereoConverter
{
    private readonly IDepthEstimator _depth;
    private readonly ConversionSettings _settings;
    private readonly DepthNormalizer _normalizer;
    private readonly ViewSynthesizer _views;
    private readonly CutDetector _cuts = new();
    private readonly Queue<RgbImage> _awaitingDepth = new();
    private RgbImage? _previous;

    /// <param name="depth">The depth estimator.</param>
    /// <param name="settings">Format, disparity, normalisation and chunking.</param>
    /// <param name="refiner">The learned fusion refiner; the rule-based fusion where not given.</param>
    public StereoConverter(IDepthEstimator depth, ConversionSettings settings, IFusionRefiner? refiner = null)
    {
        settings.Validate();
        _depth = depth;
        _settings = settings;
        _normalizer = new DepthNormalizer(settings.Normalizer);
        _views = new ViewSynthesizer(settings, Timings, refiner);
    }

    public StageTimings Timings { get; } = new();

    public int ShotCount { get; private set; }

    /// <summary>Adds the next input frame; returns the packed output frames that became ready.</summary>
    public IReadOnlyList<RgbImage> Push(RgbImage frame)
    {
        var output = new List<RgbImage>();
        if (_cuts.IsCut(frame))
        {
            ShotCount++;
            EndShot(output);
            _previous = null;
        }

        var raw = Timings.Measure("depth", () => _depth.Estimate(frame, _previous));
        _previous = frame;
        _awaitingDepth.Enqueue(frame);
        var ready = Timings.Measure("normalize", () => _normalizer.Push(raw));
        Accept(ready, output);
        return output;
    }

    /// <summary>Ends the stream; returns every frame still in flight.</summary>
    public IReadOnlyList<RgbImage> Complete()
    {
        var output = new List<RgbImage>();
        EndShot(output);
        return output;
    }

    private void EndShot(List<RgbImage> output)
    {
        Accept(Timings.Measure("normalize", () => _normalizer.Flush()), output);
        _normalizer.Reset();
        Pack(_views.Complete(), output);
    }

    private void Accept(IReadOnlyList<FloatPlane> normalized, List<RgbImage> output)
    {
        foreach (var depth in normalized)
        {
            Pack(_views.Push(_awaitingDepth.Dequeue(), depth), output);
        }
    }

    private void Pack(IReadOnlyList<SynthesizedView> views, List<RgbImage> output)
    {
        foreach (var view in views)
        {
            output.Add(Timings.Measure("pack", () => StereoPacker.Pack(_settings.Format, view.Left, view.Right, view.Disparity)));
        }
    }
}
