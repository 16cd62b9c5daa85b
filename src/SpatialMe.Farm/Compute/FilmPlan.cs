using SpatialMe.Media;
using SpatialMe.Media.Segments;
using SpatialMe.Media.Shots;

namespace SpatialMe.Farm.Compute;

/// <summary>What a film job works from: the probed input, the converted range, its shots and segments.</summary>
public sealed record FilmPlan(VideoInfo Info, int StartFrame, int EndFrame, IReadOnlyList<Shot> Shots, IReadOnlyList<Segment> Segments);

/// <summary>Probe → shot detection → segment plan, for a frame range of a film.</summary>
public static class FilmPlanner
{
    /// <summary>
    /// Plans frames <paramref name="startFrame"/> .. <paramref name="endFrame"/> − 1 (null: the whole film; an end past
    /// the last frame means "to the end"). Shots are detected over the whole film and clipped to the range, so the
    /// range's first shot begins with <see cref="ShotTransition.Start"/>. Throws <see cref="MediaException"/> naming
    /// the input where it is missing, not a video or undecodable, and <see cref="ArgumentException"/> for a range
    /// outside the film.
    /// </summary>
    public static async Task<FilmPlan> PlanAsync(string input, int? startFrame, int? endFrame, SegmentPlanOptions options, CancellationToken ct)
    {
        options.Validate();
        var info = await VideoProbe.ProbeAsync(input, ct);
        var start = startFrame ?? 0;
        var end = Math.Min(endFrame ?? info.FrameCount, info.FrameCount);
        if (start < 0 || start >= info.FrameCount)
        {
            throw new ArgumentException($"start frame {start} is outside '{input}', which has {info.FrameCount} frames.");
        }

        if (end <= start)
        {
            throw new ArgumentException($"end frame {endFrame} must come after start frame {start}.");
        }

        var shots = Clip(await ShotScanner.ScanAsync(info, ct), start, end);
        return new FilmPlan(info, start, end, shots, SegmentPlanner.Plan(shots, options));
    }

    internal static IReadOnlyList<Shot> Clip(IReadOnlyList<Shot> shots, int start, int end)
    {
        var clipped = new List<Shot>();
        foreach (var shot in shots)
        {
            var s = Math.Max(shot.Start, start);
            var e = Math.Min(shot.End, end);
            if (e > s)
            {
                clipped.Add(new Shot(s, e, clipped.Count == 0 ? ShotTransition.Start : shot.Transition));
            }
        }

        return clipped;
    }
}
