using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// The SpatialMe method over a stream of frames: depth → temporal normalisation (reset at cuts) → disparity → forward
/// warp → Poly, temporal and DE branches → fusion → stereo packing. Push frames in display order; packed output frames
/// come back in the same order, delayed by the normaliser's lookahead and the temporal branch's chunk. Memory is bounded
/// by those two windows, never by the length of the film.
/// </summary>
public sealed class StereoConverter
{
    private readonly IDepthEstimator _depth;
    private readonly ConversionSettings _settings;
    private readonly DepthNormalizer _normalizer;
    private readonly CutDetector _cuts = new();
    private readonly RightFlowCache _flows = new();
    private readonly Queue<RgbImage> _awaitingDepth = new();
    private readonly List<TemporalFrame> _window = [];
    private int _firstPending; // index in _window of the first frame not yet rendered
    private RgbImage? _previous;

    public StereoConverter(IDepthEstimator depth, ConversionSettings settings)
    {
        settings.Validate();
        _depth = depth;
        _settings = settings;
        _normalizer = new DepthNormalizer(settings.Normalizer);
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
        RenderPending(_window.Count, output);
        _window.Clear();
        _firstPending = 0;
    }

    private void Accept(IReadOnlyList<FloatPlane> normalized, List<RgbImage> output)
    {
        foreach (var depth in normalized)
        {
            var left = _awaitingDepth.Dequeue();
            var disparity = DisparityMapping.ToDisparity(depth, _settings.Disparity);
            _window.Add(Timings.Measure("warp", () => TemporalFrame.Create(left, disparity, _settings.ExpansionRadius, _settings.ExpansionThreshold)));
            if (_window.Count - _firstPending >= _settings.ChunkFrames + _settings.ContextFrames)
            {
                RenderPending(_firstPending + _settings.ChunkFrames, output);
            }
        }
    }

    /// <summary>Renders window frames [_firstPending, end), using up to ContextFrames on each side as sources.</summary>
    private void RenderPending(int end, List<RgbImage> output)
    {
        if (end <= _firstPending)
        {
            return;
        }

        if (_settings.Format == StereoFormat.Disparity)
        {
            // The disparity map needs no right view: skip the inpainting branches.
            for (var i = _firstPending; i < end; i++)
            {
                var frame = _window[i];
                output.Add(Timings.Measure("pack", () => StereoPacker.Pack(StereoFormat.Disparity, frame.Left, frame.Left, frame.Disparity)));
            }

            Advance(end);
            return;
        }

        var from = Math.Max(0, _firstPending - _settings.ContextFrames);
        var to = Math.Min(_window.Count, end + _settings.ContextFrames);
        var frames = _window.GetRange(from, to - from);
        var temporal = Timings.Measure("temporal", () => TemporalInpaint.Fill(frames, _firstPending - from, end - _firstPending, cache: _flows));
        for (var i = _firstPending; i < end; i++)
        {
            output.Add(RenderFrame(_window[i], temporal[i - _firstPending]));
        }

        Advance(end);
    }

    private void Advance(int end)
    {
        _firstPending = end;

        // Keep only the context the next chunk may look back on.
        var drop = Math.Max(0, _firstPending - _settings.ContextFrames);
        _window.RemoveRange(0, drop);
        _firstPending -= drop;
    }

    private RgbImage RenderFrame(TemporalFrame frame, TemporalFill temporal)
    {
        var poly = Timings.Measure("poly", () => PolyInpaint.RenderRightView(frame.Left, frame.Disparity));
        var de = Timings.Measure("de", () => DisparityExpansionInpaint.Fill(frame.ExpandedWarp));
        var right = Timings.Measure("fusion", () => RuleBasedFusion.Fuse(frame.Warp, poly, de, temporal));
        return Timings.Measure("pack", () => StereoPacker.Pack(_settings.Format, frame.Left, right, frame.Disparity));
    }
}
