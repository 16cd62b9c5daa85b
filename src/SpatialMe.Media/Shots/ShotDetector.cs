using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Shots;

/// <summary>
/// Splits a video into shots: hard cuts, dissolves and fades, from the frames alone (pure compute, no I/O). Feed every
/// frame in order with <see cref="Add"/>, then call <see cref="Finish"/>. Each frame is reduced at once to an 80-px
/// thumbnail (see <see cref="FrameThumbnail"/>) and a few hundred bytes of measures, so memory stays small for any
/// length or resolution. Thresholds are local where they can be (a cut stands out from the frames around it) and the
/// result is deterministic. Which frame a gradual transition's new shot starts at: a dissolve's middle frame; a
/// fade's first frame after the most uniform (darkest) one.
/// </summary>
public sealed class ShotDetector
{
    /// <summary>Two boundaries closer than this many frames are one transition seen twice; the more certain kind wins.</summary>
    private const int MinShotFrames = 3;

    private readonly FrameMeasurer _measurer = new();

    /// <summary>Frames added so far.</summary>
    public int FrameCount => _measurer.Measures.Count;

    /// <summary>Splits a whole sequence of frames at once.</summary>
    public static IReadOnlyList<Shot> Detect(IEnumerable<RgbImage> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var detector = new ShotDetector();
        foreach (var frame in frames)
        {
            detector.Add(frame);
        }

        return detector.Finish();
    }

    /// <summary>Adds the next frame; all frames must have the same size.</summary>
    public void Add(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _measurer.Add(frame);
    }

    /// <summary>
    /// The shots of the frames added so far, in order, contiguous and covering frames 0 .. <see cref="FrameCount"/> - 1;
    /// the first has <see cref="ShotTransition.Start"/>. Empty where no frame was added.
    /// </summary>
    public IReadOnlyList<Shot> Finish()
    {
        var measures = _measurer.Measures;
        var count = measures.Count;
        if (count == 0)
        {
            return [];
        }

        var fades = FadeFinder.Find(measures);
        var cuts = CutFinder.Find(measures, fades);
        var dissolves = DissolveFinder.Find(measures, fades, cuts);
        var boundaries = Merge([.. fades.Where(f => f.Frame > 0 && f.Frame < count), .. cuts, .. dissolves]);

        var shots = new List<Shot>(boundaries.Count + 1);
        var start = 0;
        var transition = ShotTransition.Start;
        foreach (var boundary in boundaries)
        {
            shots.Add(new Shot(start, boundary.Frame, transition));
            start = boundary.Frame;
            transition = boundary.Transition;
        }

        shots.Add(new Shot(start, count, transition));
        return shots;
    }

    /// <summary>Sorted boundaries at least <see cref="MinShotFrames"/> apart (and from frame 0); fades beat cuts beat dissolves.</summary>
    private static List<ShotBoundary> Merge(List<ShotBoundary> all)
    {
        all.Sort((a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : Rank(a).CompareTo(Rank(b)));
        var kept = new List<ShotBoundary>();
        foreach (var boundary in all)
        {
            if (boundary.Frame < MinShotFrames)
            {
                continue;
            }

            if (kept.Count > 0 && boundary.Frame - kept[^1].Frame < MinShotFrames)
            {
                if (Rank(boundary) < Rank(kept[^1]))
                {
                    kept[^1] = boundary;
                }

                continue;
            }

            kept.Add(boundary);
        }

        return kept;
    }

    private static int Rank(ShotBoundary boundary) => boundary.Transition switch
    {
        ShotTransition.Fade => 0,
        ShotTransition.Cut => 1,
        _ => 2,
    };
}
