using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Pipeline;

/// <summary>
/// The back half of the method, from normalised depth to the right view: disparity → forward warp → Poly, temporal and
/// DE branches → fusion. Packing is left to the caller, so a farm can store the views of a segment and the stitcher
/// can blend overlapping segments before they are packed.
/// <para>
/// Push the frames of one shot in display order; views come back in the same order, delayed by the temporal branch's
/// chunk: a chunk of <see cref="ConversionSettings.ChunkFrames"/> frames is filled once the next
/// <see cref="ConversionSettings.ContextFrames"/> frames are there to draw on, and the chunk before it lends as many
/// frames as context. <see cref="Complete"/> ends the shot; the next push starts a new one, since frames of different
/// shots must never lend each other pixels. Memory is bounded by the chunk and its context, never by the shot.
/// Optical flows between consecutive frames are cached, so context frames shared by two chunks cost one flow.
/// The branches are fused by eqs. 1–3 with masks from the learned refiner when one is given, else from
/// <see cref="RuleBasedFusion"/>. Not thread-safe.
/// </para>
/// </summary>
public sealed class ViewSynthesizer : IViewSynthesizer
{
    private readonly ConversionSettings _settings;
    private readonly StageTimings _timings;
    private readonly IFusionRefiner? _refiner;
    private readonly RightFlowCache _flows = new();
    private readonly List<TemporalFrame> _window = [];
    private int _firstPending; // index in _window of the first frame not yet rendered

    /// <param name="settings">Format (only whether it is <see cref="StereoFormat.Disparity"/> matters here),
    /// disparity, expansion and chunking settings.</param>
    /// <param name="timings">Where the warp, poly, temporal, DE and fusion stages add their wall time; a private one
    /// where not given.</param>
    /// <param name="refiner">Makes the fusion masks (the learned MHFU refiner); the rule-based masks where not given.
    /// Its time counts as fusion.</param>
    public ViewSynthesizer(ConversionSettings settings, StageTimings? timings = null, IFusionRefiner? refiner = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _timings = timings ?? new StageTimings();
        _refiner = refiner;
    }

    public StageTimings Timings => _timings;

    /// <summary>Frames pushed since the last <see cref="Complete"/> whose views have not been returned yet.</summary>
    public int Pending => _window.Count - _firstPending;

    /// <summary>
    /// Adds the next frame of the shot, with its normalised depth (n ∈ [0, 1], near = 1; values outside are clamped by
    /// the disparity mapping), and returns the views that became ready, in order.
    /// </summary>
    public IReadOnlyList<SynthesizedView> Push(RgbImage left, FloatPlane normalizedDepth)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(normalizedDepth);
        if (!left.SameSize(normalizedDepth))
        {
            throw new ArgumentException(
                $"The depth is {normalizedDepth.Width}x{normalizedDepth.Height} but the frame is {left.Width}x{left.Height}.", nameof(normalizedDepth));
        }

        if (_window.Count > 0 && !left.SameSize(_window[0].Left))
        {
            throw new ArgumentException(
                $"The frame is {left.Width}x{left.Height} but this shot's frames are {_window[0].Left.Width}x{_window[0].Left.Height}; call Complete between shots.",
                nameof(left));
        }

        var output = new List<SynthesizedView>();
        var disparity = DisparityMapping.ToDisparity(normalizedDepth, _settings.Disparity);
        _window.Add(_timings.Measure("warp", () => TemporalFrame.Create(left, disparity, _settings.ExpansionRadius, _settings.ExpansionThreshold)));
        if (_window.Count - _firstPending >= _settings.ChunkFrames + _settings.ContextFrames)
        {
            RenderPending(_firstPending + _settings.ChunkFrames, output);
        }

        return output;
    }

    /// <summary>Ends the shot: returns the views of every frame still pending and empties the synthesizer.</summary>
    public IReadOnlyList<SynthesizedView> Complete()
    {
        var output = new List<SynthesizedView>();
        RenderPending(_window.Count, output);
        _window.Clear();
        _firstPending = 0;
        return output;
    }

    /// <summary>Renders window frames [_firstPending, end), using up to ContextFrames on each side as sources.</summary>
    private void RenderPending(int end, List<SynthesizedView> output)
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
                output.Add(new SynthesizedView(frame.Left, frame.Left, frame.Disparity));
            }

            Advance(end);
            return;
        }

        var from = Math.Max(0, _firstPending - _settings.ContextFrames);
        var to = Math.Min(_window.Count, end + _settings.ContextFrames);
        var frames = _window.GetRange(from, to - from);
        var temporal = _timings.Measure("temporal", () => TemporalInpaint.Fill(frames, _firstPending - from, end - _firstPending, cache: _flows));
        for (var i = _firstPending; i < end; i++)
        {
            var frame = _window[i];
            output.Add(new SynthesizedView(frame.Left, RenderRight(frame, temporal[i - _firstPending]), frame.Disparity));
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

    private RgbImage RenderRight(TemporalFrame frame, TemporalFill temporal)
    {
        var poly = _timings.Measure("poly", () => PolyInpaint.RenderRightView(frame.Left, frame.Disparity));
        var de = _timings.Measure("de", () => DisparityExpansionInpaint.Fill(frame.ExpandedWarp));
        return _timings.Measure("fusion", () => _refiner is null
            ? RuleBasedFusion.Fuse(frame.Warp, poly, de, temporal)
            : BranchFusion.Apply(poly, de, temporal.Image, _refiner.Masks(frame.Warp, poly, de, temporal)));
    }
}
