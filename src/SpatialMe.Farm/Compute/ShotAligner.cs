using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// Reconciles a shot's segments before they render (the stitcher's first job):
/// <list type="number">
/// <item>each segment's raw depth is fitted onto the previous (already aligned) segment's by least-squares scale and
/// shift over their overlap frames, and its per-frame ranges are mapped by the same fit — so an estimator whose
/// output scale drifts between runs (a video depth model with a per-window scale, another GPU or build) still meets
/// at the seam;</item>
/// <item>normalisation belongs to the shot: the aligned per-frame robust ranges of all its segments run through the
/// same lookahead + EMA the unsegmented pipeline uses, giving every frame the range it would have had.</item>
/// </list>
/// With a deterministic estimator the fits come out exactly (1, 0) and the result equals the unsegmented pipeline's.
/// Renders then cross-fade the normalised depth of both segments across each overlap.
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
        var affines = new List<AffineDepth>();
        var scales = new List<double>();
        var shifts = new List<double>();
        for (var i = 0; i < segments.Count; i++)
        {
            var affine = AffineDepth.Identity;
            if (i > 0 && segments[i].Start < segments[i - 1].End)
            {
                affine = await Task.Run(() => FitSeam(segments[i - 1], segments[i], affines[i - 1], store, ct), ct);
                scales.Add(affine.Scale);
                shifts.Add(affine.Shift);
            }

            affines.Add(affine);
            var ranges = await StoreJson.ReadAsync<DepthRanges>(store, segments[i].RangesKey, ct);
            for (var f = 0; f < ranges.Low.Length; f++)
            {
                // Overlap frames: both segments computed them; the earlier segment's (aligned) range stands.
                perFrame[ranges.Start + f - start] ??= Map(affine, new DepthRange(ranges.Low[f], ranges.High[f]));
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
            Segments = segments.Select((s, i) => new AlignedSegment
            {
                Index = s.Index,
                Start = s.Start,
                End = s.End,
                DepthKey = s.DepthKey,
                Scale = affines[i].Scale,
                Shift = affines[i].Shift,
            }).ToList(),
        };

        await StoreJson.WriteAsync(store, order.AlignKey, alignment, ct);
        return (alignment, new AlignReport { Shot = order.Shot, SeamScales = scales, SeamShifts = shifts });
    }

    /// <summary>A frame's normalised depth from a segment's depth file: its raw depth mapped by the segment's fit, then
    /// normalised with the shot's range for that frame.</summary>
    public static FloatPlane Normalized(DepthSequenceReader depth, AffineDepth affine, ShotAlignment alignment, int frame)
    {
        var i = frame - alignment.Start;
        var raw = affine == AffineDepth.Identity ? depth.Read(frame) : affine.Apply(depth.Read(frame));
        return DepthNormalizer.Apply(raw, new DepthRange(alignment.Low[i], alignment.High[i]));
    }

    /// <summary>The range of values mapped by a fit (a negative scale would flip near and far: refused by the fit).</summary>
    private static DepthRange Map(AffineDepth affine, DepthRange range) =>
        affine == AffineDepth.Identity
            ? range
            : new DepthRange((float)((affine.Scale * range.Low) + affine.Shift), (float)((affine.Scale * range.High) + affine.Shift));

    private static async Task<AffineDepth> FitSeam(SegmentWork previous, SegmentWork next, AffineDepth previousAffine, IMediaStore store, CancellationToken ct)
    {
        using var before = DepthSequenceReader.Open(await store.GetLocalPathAsync(previous.DepthKey, ct));
        using var after = DepthSequenceReader.Open(await store.GetLocalPathAsync(next.DepthKey, ct));
        var source = new List<FloatPlane>();
        var target = new List<FloatPlane>();
        for (var f = next.Start; f < previous.End; f++)
        {
            ct.ThrowIfCancellationRequested();
            target.Add(previousAffine == AffineDepth.Identity ? before.Read(f) : previousAffine.Apply(before.Read(f)));
            source.Add(after.Read(f));
        }

        var fit = DepthAlignment.Fit(source, target);

        // Near must stay near: a non-positive scale means the overlap carries no usable depth signal; keep the
        // previous segment's mapping rather than invert the picture.
        return fit.Scale > 0 ? fit : previousAffine;
    }
}
