using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// Reconciles a shot's segments before they render (the stitcher's first job):
/// <list type="number">
/// <item>normalisation belongs to the shot: the per-frame robust ranges of all its segments are run through the
/// same lookahead-EMA the unsegmented pipeline uses, giving every frame the range it would have had;</item>
/// <item>each segment's normalised depth is fitted onto the previous (already aligned) segment's by least-squares
/// scale and shift over their overlap frames, so an estimator whose output drifts between runs (a video depth
/// model with per-window scale) still meets at the seam. Renders then cross-fade disparity across the overlap.</item>
/// </list>
/// </summary>
public static class ShotAligner
{
    public static async Task<(ShotAlignment Alignment, AlignReport Report)> AlignAsync(
        AlignOrder order, IMediaStore store, DepthNormalizerOptions normalizer, CancellationToken ct)
    {
        var segments = order.Segments.OrderBy(s => s.Start).ToList();
        if (segments.Count == 0)
        {
            throw new ArgumentException($"Shot {order.Shot} has no segments to align.");
        }

        var start = segments[0].Start;
        var end = segments[^1].End;
        var perFrame = new DepthRange?[end - start];
        foreach (var segment in segments)
        {
            var ranges = await StoreJson.ReadAsync<DepthRanges>(store, segment.RangesKey, ct);
            for (var i = 0; i < ranges.Low.Length; i++)
            {
                // Overlap frames: both segments computed them; the earlier segment's value stands.
                perFrame[ranges.Start + i - start] ??= new DepthRange(ranges.Low[i], ranges.High[i]);
            }
        }

        if (Array.FindIndex(perFrame, r => r is null) is var missing and >= 0)
        {
            throw new InvalidDataException($"Shot {order.Shot}: no depth range for frame {start + missing}; a segment's depth is missing.");
        }

        var shotRanges = DepthNormalizer.ShotRanges(perFrame.Select(r => r!.Value).ToArray(), normalizer);
        var alignment = new ShotAlignment
        {
            Shot = order.Shot,
            Start = start,
            End = end,
            Low = shotRanges.Select(r => r.Low).ToArray(),
            High = shotRanges.Select(r => r.High).ToArray(),
        };

        var scales = new List<double>();
        var shifts = new List<double>();
        var previousAffine = AffineDepth.Identity;
        for (var i = 0; i < segments.Count; i++)
        {
            var affine = AffineDepth.Identity;
            if (i > 0 && segments[i].Start < segments[i - 1].End)
            {
                var seam = await Task.Run(() => FitSeam(segments[i - 1], segments[i], previousAffine, alignment, store, ct), ct);
                affine = seam;
                scales.Add(seam.Scale);
                shifts.Add(seam.Shift);
            }

            alignment.Segments.Add(new AlignedSegment
            {
                Index = segments[i].Index,
                Start = segments[i].Start,
                End = segments[i].End,
                DepthKey = segments[i].DepthKey,
                Scale = affine.Scale,
                Shift = affine.Shift,
            });
            previousAffine = affine;
        }

        await StoreJson.WriteAsync(store, order.AlignKey, alignment, ct);
        return (alignment, new AlignReport { Shot = order.Shot, SeamScales = scales, SeamShifts = shifts });
    }

    /// <summary>The normalised (not yet affine-mapped) depth of a frame, from a segment's depth file.</summary>
    public static FloatPlane Normalized(DepthSequenceReader depth, ShotAlignment alignment, int frame)
    {
        var i = frame - alignment.Start;
        return DepthNormalizer.Apply(depth.Read(frame), new DepthRange(alignment.Low[i], alignment.High[i]));
    }

    private static async Task<AffineDepth> FitSeam(
        SegmentWork previous, SegmentWork next, AffineDepth previousAffine, ShotAlignment alignment, IMediaStore store, CancellationToken ct)
    {
        using var before = DepthSequenceReader.Open(await store.GetLocalPathAsync(previous.DepthKey, ct));
        using var after = DepthSequenceReader.Open(await store.GetLocalPathAsync(next.DepthKey, ct));
        var source = new List<FloatPlane>();
        var target = new List<FloatPlane>();
        for (var f = next.Start; f < previous.End; f++)
        {
            ct.ThrowIfCancellationRequested();
            target.Add(previousAffine.Apply(Normalized(before, alignment, f)));
            source.Add(Normalized(after, alignment, f));
        }

        return DepthAlignment.Fit(source, target);
    }
}
