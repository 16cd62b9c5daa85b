using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media;
using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The depth phase of a segment: raw depth of its frames and their robust ranges, committed to the media store.
/// A segment that starts inside its shot decodes one frame before its start so the estimator sees the same previous
/// frame (for motion) as the unsegmented pipeline: overlapping segments then agree exactly on their shared frames.
/// </summary>
public static class SegmentDepth
{
    /// <summary>Returns true where the depth was already committed (nothing was computed).</summary>
    public static async Task<bool> RunAsync(
        SegmentWork work, IMediaStore store, IDepthEstimator estimator, DepthNormalizerOptions normalizer, Action<int> progress, CancellationToken ct,
        StageTimings? timings = null)
    {
        timings ??= new StageTimings();
        if (await store.ExistsAsync(work.DepthKey, ct) && await store.ExistsAsync(work.RangesKey, ct))
        {
            progress(work.FrameCount);
            return true;
        }

        var info = await VideoProbe.ProbeAsync(work.Input, ct);
        var readFrom = work.Start > work.ShotStart ? work.Start - 1 : work.Start;
        var scratch = store.NewScratchPath(work.DepthKey);
        var ranges = new DepthRanges { Start = work.Start, Model = estimator.Name };
        var lows = new List<float>(work.FrameCount);
        var highs = new List<float>(work.FrameCount);
        try
        {
            using (var writer = DepthSequenceWriter.Create(scratch, info.Width, info.Height, work.Start))
            {
                RgbImage? previous = null;
                var frame = readFrom;
                await using var frames = FrameReader.ReadAsync(info, readFrom, work.End, ct).GetAsyncEnumerator(ct);
                while (await timings.MeasureAsync("decode", () => frames.MoveNextAsync().AsTask()))
                {
                    var image = frames.Current;
                    if (frame++ >= work.Start)
                    {
                        var raw = timings.Measure("depth", () => estimator.Estimate(image, previous));
                        var range = DepthNormalizer.FrameRange(raw, normalizer);
                        lows.Add(range.Low);
                        highs.Add(range.High);
                        writer.Append(raw);
                        progress(lows.Count);
                    }

                    previous = image;
                }

                if (lows.Count != work.FrameCount)
                {
                    throw new MediaException($"'{work.Input}': decoded {lows.Count} of the {work.FrameCount} frames of segment {work.Index}.");
                }

                writer.Complete();
            }

            ranges.Low = [.. lows];
            ranges.High = [.. highs];

            // Ranges first: the depth object is the marker that the phase is committed.
            await timings.MeasureAsync("upload", async () =>
            {
                await StoreJson.WriteAsync(store, work.RangesKey, ranges, ct);
                await store.CommitAsync(scratch, work.DepthKey, ct);
            });
            return false;
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
