using SpatialMe.Media.Shots;

namespace SpatialMe.Media.Segments;

/// <summary>
/// Cuts shots into segments: a shot of at most N frames is one segment; a longer one is split into the fewest segments
/// of at most N frames that overlap by exactly K frames, with lengths balanced (they differ by at most one frame) so no
/// tiny tail segment is left. Segments never cross a shot boundary. Pure and deterministic: the same shots and options
/// always give the same plan.
/// </summary>
public static class SegmentPlanner
{
    public static IReadOnlyList<Segment> Plan(IReadOnlyList<Shot> shots, SegmentPlanOptions options)
    {
        options.Validate();
        var n = options.SegmentFrames;
        var k = options.Overlap;
        var segments = new List<Segment>();
        for (var s = 0; s < shots.Count; s++)
        {
            var shot = shots[s];
            if (shot.FrameCount <= 0)
            {
                throw new ArgumentException($"Shot {s} [{shot.Start}, {shot.End}) is empty.");
            }

            if (s > 0 && shot.Start != shots[s - 1].End)
            {
                throw new ArgumentException($"Shot {s} starts at {shot.Start} but shot {s - 1} ends at {shots[s - 1].End}: shots must be contiguous.");
            }

            var length = shot.FrameCount;

            // Fewest segments of ≤ n frames with k shared between neighbours: c·n − (c − 1)·k ≥ length.
            var count = length <= n ? 1 : (int)Math.Ceiling((double)(length - k) / (n - k));

            // Total frames counted with overlaps, spread as evenly as possible over the segments.
            var covered = length + ((count - 1) * k);
            var start = shot.Start;
            for (var i = 0; i < count; i++)
            {
                var size = (covered / count) + (i < covered % count ? 1 : 0);
                var end = i == count - 1 ? shot.End : start + size;
                segments.Add(new Segment(segments.Count, s, start, end, i == 0 ? 0 : k, i == count - 1 ? 0 : k));
                start = end - k;
            }
        }

        return segments;
    }
}
