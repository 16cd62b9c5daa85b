using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media;
using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The render phase of a segment: its left frames and aligned depth through <see cref="ViewSynthesizer"/> (warp,
/// Poly, temporal and DE branches, fusion), the synthesised views committed losslessly to the media store. Over an
/// overlap with a neighbouring segment the disparity is the cross-fade of both segments' aligned depth — the same
/// values in both renders — so the two renders of a shared frame differ only by the temporal branch's context.
/// </summary>
public static class SegmentRender
{
    /// <summary>Returns true where the views were already committed (nothing was computed).</summary>
    /// <param name="fixedStageTime">The benchmark mode's time per frame in place of view synthesis (null: the method).</param>
    /// <param name="refiner">The learned fusion (null: the rule-based fusion).</param>
    public static async Task<bool> RunAsync(
        SegmentWork work, IMediaStore store, StageTimings timings, Action<int> progress, CancellationToken ct, TimeSpan? fixedStageTime = null, IFusionRefiner? refiner = null)
    {
        if (await store.ExistsAsync(work.ViewsKey, ct))
        {
            progress(work.FrameCount);
            return true;
        }

        var settings = JobSpecs.ConversionSettings(work);
        var alignment = await StoreJson.ReadAsync<ShotAlignment>(store, work.AlignKey, ct);
        var index = alignment.Segments.FindIndex(s => s.Index == work.Index);
        if (index < 0)
        {
            throw new InvalidDataException($"The alignment of shot {work.Shot} does not list segment {work.Index}.");
        }

        var me = await OpenAsync(alignment.Segments[index], store, ct);
        using var ownDepth = me.Depth;
        var previous = index > 0 && alignment.Segments[index - 1].End > work.Start ? await OpenAsync(alignment.Segments[index - 1], store, ct) : null;
        using var previousDepth = previous?.Depth;
        var next = index + 1 < alignment.Segments.Count && alignment.Segments[index + 1].Start < work.End
            ? await OpenAsync(alignment.Segments[index + 1], store, ct)
            : null;
        using var nextDepth = next?.Depth;

        var info = await VideoProbe.ProbeAsync(work.Input, ct);
        IViewSynthesizer synthesizer = fixedStageTime is { } perFrame ? new Benchmarking.FixedTimeViewSynthesizer(perFrame) : new ViewSynthesizer(settings, timings, refiner);
        var scratch = store.NewScratchPath(work.ViewsKey);
        var stats = new DisparityStats { Start = work.Start };
        var written = 0;
        (RgbImage Left, RgbImage Right)? middle = null; // the segment's middle frame: the job's live preview
        try
        {
            await using (var writer = await ViewSequenceWriter.StartAsync(scratch, info.Width, info.Height, info.FrameRate, ct))
            {
                // Every view the synthesizer gives, in order: its disparity statistics, its encoded frame, and the
                // segment's middle frame kept for the job's live preview.
                async Task WriteAsync(SynthesizedView view)
                {
                    stats.Add(view.Disparity);
                    await timings.MeasureAsync("encode", () => writer.WriteAsync(ViewImage(settings.Format, view), ct));
                    middle = written == work.FrameCount / 2 ? (view.Left.Clone(), view.Right.Clone()) : middle;
                    progress(++written);
                }

                var frame = work.Start;
                await using var lefts = FrameReader.ReadAsync(info, work.Start, work.End, ct).GetAsyncEnumerator(ct);
                while (await timings.MeasureAsync("decode", () => lefts.MoveNextAsync().AsTask()))
                {
                    var left = lefts.Current;
                    var depth = timings.Measure("normalize", () => Depth(frame, me, previous, next, alignment));
                    foreach (var view in synthesizer.Push(left, depth))
                    {
                        await WriteAsync(view);
                    }

                    frame++;
                }

                foreach (var view in synthesizer.Complete())
                {
                    await WriteAsync(view);
                }

                if (written != work.FrameCount)
                {
                    throw new MediaException($"'{work.Input}': rendered {written} of the {work.FrameCount} frames of segment {work.Index}.");
                }

                await timings.MeasureAsync("encode", () => writer.CompleteAsync(ct));
            }

            // Stats first: the views object is the marker that the phase is committed.
            await timings.MeasureAsync("upload", async () =>
            {
                await StoreJson.WriteAsync(store, StoreKeys.Stats(work.JobId, work.Index), stats, ct);
                await store.CommitAsync(scratch, work.ViewsKey, ct);
            });
            if (middle is var (previewLeft, previewRight))
            {
                await JobPreview.StoreAsync(store, work.JobId, previewLeft, previewRight, ct);
            }

            return false;
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>What a segment stores per frame: the right view, or for the disparity format the disparity image.</summary>
    internal static RgbImage ViewImage(StereoFormat format, SynthesizedView view) =>
        format == StereoFormat.Disparity ? StereoPacker.Pack(StereoFormat.Disparity, view.Left, view.Left, view.Disparity) : view.Right;

    private static FloatPlane Depth(int frame, Opened me, Opened? previous, Opened? next, ShotAlignment alignment)
    {
        var depth = me.Aligned(frame, alignment);
        if (previous is not null && frame < previous.Segment.End)
        {
            var overlap = previous.Segment.End - me.Segment.Start;
            depth = DepthAlignment.CrossFade(previous.Aligned(frame, alignment), depth, DepthAlignment.OverlapWeight(frame - me.Segment.Start, overlap));
        }

        if (next is not null && frame >= next.Segment.Start)
        {
            var overlap = me.Segment.End - next.Segment.Start;
            depth = DepthAlignment.CrossFade(depth, next.Aligned(frame, alignment), DepthAlignment.OverlapWeight(frame - next.Segment.Start, overlap));
        }

        return depth;
    }

    private static async Task<Opened> OpenAsync(AlignedSegment segment, IMediaStore store, CancellationToken ct) =>
        new(segment, DepthSequenceReader.Open(await store.GetLocalPathAsync(segment.DepthKey, ct)));

    private sealed record Opened(AlignedSegment Segment, DepthSequenceReader Depth)
    {
        public FloatPlane Aligned(int frame, ShotAlignment alignment) =>
            ShotAligner.Normalized(Depth, new AffineDepth(Segment.Scale, Segment.Shift), alignment, frame);
    }
}
