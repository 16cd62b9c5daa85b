using SpatialMe.Media.Shots;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Media.Quality;

/// <summary>What to analyse beside the video itself.</summary>
public sealed record StereoVideoQualityRequest
{
    /// <summary>How the two views are packed in the frame.</summary>
    public StereoFormat Layout { get; init; } = StereoFormat.FullSbs;

    /// <summary>Analyse every N-th frame (null: one frame per second of video, <see cref="StereoVideoQuality.DefaultEvery"/>).</summary>
    public int? Every { get; init; }

    /// <summary>Frames where rendered segments meet (the farm's seams); they and the frame before are always analysed.</summary>
    public IReadOnlyList<int> SeamFrames { get; init; } = [];

    /// <summary>What the report names as its source (default: the video's path).</summary>
    public string? Source { get; init; }

    public string? JobId { get; init; }

    public StereoQualityOptions Options { get; init; } = StereoQualityOptions.Default;
}

/// <summary>
/// The stereo QC of a whole video in one streaming decode: every frame feeds the shot detector (the farm's shots,
/// <see cref="ShotDetector"/>, on the left view); every N-th frame, and the frames around seams, are measured with
/// the frame before them (<see cref="StereoFrameAnalyzer"/>); then the report is built per shot and for the title.
/// </summary>
public static class StereoVideoQuality
{
    /// <summary>
    /// Below this median share of consistently matched pixels, the two "views" are not a stereo pair: the two halves of
    /// a mono test pattern match ~15% (by chance, in flat areas), a stereo pair of textured planes over 80%.
    /// </summary>
    public const double MinimumMatchedPercent = 25;

    /// <summary>The default sampling: one analysed frame per second of video (a 2-hour film: 7200 frames).</summary>
    public static int DefaultEvery(double frameRate) => Math.Max(1, (int)Math.Round(double.IsFinite(frameRate) ? frameRate : 1));

    /// <summary>Analyses <paramref name="path"/>. <paramref name="framesDone"/> reports frames decoded so far.</summary>
    /// <exception cref="MediaException">Not a video, corrupt, or not a stereo video in the layout given.</exception>
    public static async Task<StereoQualityReport> AnalyzeAsync(
        string path, StereoVideoQualityRequest request, Action<int, int>? framesDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        StereoViews.RequireReadable(request.Layout);
        var info = await VideoProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        var (viewWidth, viewHeight) = StereoViews.ViewSize(info.Width, info.Height, request.Layout);
        var every = request.Every ?? DefaultEvery(info.FrameRate.Value);
        if (every < 1)
        {
            throw new ArgumentException($"--every must be at least 1 frame, got {every}.");
        }

        var decode = WorkingDecode(info, request.Layout, request.Options.WorkingWidth);
        var seams = request.SeamFrames.Where(f => f > 0 && f < info.FrameCount).ToHashSet();
        var measured = new HashSet<int>(seams.Select(f => f - 1));
        var analyzer = new StereoFrameAnalyzer(request.Options);
        var detector = new ShotDetector();
        var frames = new List<FrameQuality>();
        (RgbImage Left, RgbImage Right)? previous = null;
        var n = 0;
        try
        {
            await foreach (var frame in FrameReader.ReadAsync(decode, 0, info.FrameCount, cancellationToken).ConfigureAwait(false))
            {
                var views = StereoViews.Split(frame, request.Layout);
                detector.Add(views.Left);
                if (n % every == 0 || seams.Contains(n) || measured.Contains(n))
                {
                    var current = views;
                    var before = previous;
                    var index = n;
                    frames.Add(await Task.Run(() => analyzer.Analyze(index, current.Left, current.Right, before), cancellationToken).ConfigureAwait(false));
                }

                previous = views;
                n++;
                framesDone?.Invoke(n, info.FrameCount);
            }
        }
        catch (ArgumentException e)
        {
            throw new MediaException(path, $"'{path}' cannot be read as {request.Layout.ToCliName()} stereo: {e.Message}", e);
        }

        var shots = detector.Finish();
        var starts = shots.Select(s => s.Start).ToHashSet();

        // A shot's first frame has no frame before it in the same shot: its flicker and changes would measure the cut.
        var analysed = frames.Select(f => starts.Contains(f.Frame) ? f with { Flicker = null, LeftChange = null, RightChange = null } : f).ToList();
        var matched = analysed.Select(f => f.MatchedPercent).Order().ToList();
        if (matched.Count > 0 && matched[matched.Count / 2] < MinimumMatchedPercent)
        {
            throw new MediaException(
                path,
                $"'{path}' does not look like a {request.Layout.ToCliName()} stereo video: only {matched[matched.Count / 2]:F1}% of the pixels of one view " +
                "match the other (a stereo pair matches most of them). Give its layout with --layout.");
        }

        var facts = new StereoQualityReportBuilder.VideoFacts(
            request.Source ?? path, request.JobId, request.Layout.ToCliName(), viewWidth, viewHeight, info.FrameRate.Value, info.FrameCount, every);
        return StereoQualityReportBuilder.Build(facts, analysed, shots.Select(s => (s.Start, s.End)).ToList(), [.. seams], request.Options);
    }

    /// <summary>
    /// The video as decoded for the QC: frames reduced by ffmpeg while decoding (its output size is the info's size, the
    /// scale filter pins it) so that each view is at most the working width. The analysis works at that width anyway,
    /// and a feature film's frames then cost a fraction of their full size to convert and move through the pipe.
    /// </summary>
    private static VideoInfo WorkingDecode(VideoInfo info, StereoFormat layout, int workingWidth)
    {
        var (viewWidth, _) = StereoViews.ViewSize(info.Width, info.Height, layout);
        if (viewWidth <= workingWidth)
        {
            return info;
        }

        var scale = (double)workingWidth / viewWidth;
        int Even(double v) => Math.Max(2, 2 * (int)Math.Round(v / 2));
        return info with { Width = Even(info.Width * scale), Height = Even(info.Height * scale) };
    }
}
