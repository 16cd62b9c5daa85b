using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Work;
using SpatialMe.Media;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The stitcher's final job: walks the output frames in order; a frame inside one segment takes that segment's
/// view, a frame in an overlap cross-fades the two segments' views with the same weights the renders used for
/// disparity; then packs the stereo format with the decoded left frame and encodes, muxing the source's audio and
/// subtitles. Streaming: at most two segments' view files are open, one frame of each in memory. The output file
/// appears only when complete.
/// </summary>
public static class FilmStitcher
{
    /// <param name="timings">Where decode, pack and encode times go (null: not kept).</param>
    public static async Task RunAsync(StitchOrder order, IMediaStore store, Action<int> progress, CancellationToken ct, StageTimings? timings = null)
    {
        timings ??= new StageTimings();
        var format = StereoFormats.Parse(order.Format);
        if (File.Exists(order.Output) && !order.Overwrite)
        {
            throw new MediaException($"output '{order.Output}' already exists; pass --overwrite to replace it.");
        }

        var info = await VideoProbe.ProbeAsync(order.Input, ct);
        var (width, height) = StereoPacker.OutputSize(format, info.Width, info.Height);
        var segments = order.Segments.OrderBy(s => s.Start).ToList();
        var encode = new EncodeSettings { Codec = order.Codec, Crf = order.Crf, Preset = order.Preset, PixelFormat = order.PixelFormat };
        var needsLeft = format is not (StereoFormat.Right or StereoFormat.Disparity);
        var open = new Dictionary<int, IAsyncEnumerator<RgbImage>>();
        var next = 0; // first segment not yet opened
        try
        {
            await using var writer = await VideoWriter.StartAsync(order.Output, width, height, info, order.StartFrame, order.EndFrame, encode, ct);
            await using var lefts = needsLeft ? FrameReader.ReadAsync(info, order.StartFrame, order.EndFrame, ct).GetAsyncEnumerator(ct) : null;
            for (var frame = order.StartFrame; frame < order.EndFrame; frame++)
            {
                while (next < segments.Count && segments[next].Start <= frame)
                {
                    open[next] = await timings.MeasureAsync("decode", () => OpenViewsAsync(segments[next], store, ct));
                    next++;
                }

                var covering = open.Keys.Where(i => segments[i].Start <= frame && frame < segments[i].End).Order().ToList();
                if (covering.Count == 0)
                {
                    throw new InvalidDataException($"No segment covers frame {frame}; the segment plan has a gap.");
                }

                var view = await timings.MeasureAsync("decode", () => NextViewAsync(open[covering[0]], segments[covering[0]], frame));
                if (covering.Count > 1)
                {
                    var later = segments[covering[1]];
                    var laterView = await timings.MeasureAsync("decode", () => NextViewAsync(open[covering[1]], later, frame));
                    var weight = DepthAlignment.OverlapWeight(frame - later.Start, segments[covering[0]].End - later.Start);
                    view = RgbBlend.CrossFade(view, laterView, weight);
                }

                foreach (var i in covering.Where(i => segments[i].End == frame + 1))
                {
                    await open[i].DisposeAsync();
                    open.Remove(i);
                }

                RgbImage packed;
                if (lefts is null)
                {
                    packed = view;
                }
                else
                {
                    if (!await timings.MeasureAsync("decode", () => lefts.MoveNextAsync().AsTask()))
                    {
                        throw new MediaException($"'{order.Input}' ended at frame {frame}, before the {order.EndFrame} frames planned.");
                    }

                    packed = timings.Measure("pack", () => StereoPacker.Pack(format, lefts.Current, view));
                }

                await timings.MeasureAsync("encode", () => writer.WriteAsync(packed, ct));
                progress(frame - order.StartFrame + 1);
            }

            await timings.MeasureAsync("encode", () => writer.CompleteAsync(ct));
        }
        finally
        {
            foreach (var e in open.Values)
            {
                await e.DisposeAsync();
            }
        }
    }

    private static async Task<IAsyncEnumerator<RgbImage>> OpenViewsAsync(SegmentWork segment, IMediaStore store, CancellationToken ct)
    {
        var path = await store.GetLocalPathAsync(segment.ViewsKey, ct);
        var info = await VideoProbe.ProbeAsync(path, ct);
        if (info.FrameCount != segment.FrameCount)
        {
            throw new MediaException($"rendered segment {segment.Index} ('{segment.ViewsKey}') has {info.FrameCount} frames, expected {segment.FrameCount}.");
        }

        return FrameReader.ReadAsync(info, 0, info.FrameCount, ct).GetAsyncEnumerator(ct);
    }

    private static async Task<RgbImage> NextViewAsync(IAsyncEnumerator<RgbImage> views, SegmentWork segment, int frame) =>
        await views.MoveNextAsync()
            ? views.Current
            : throw new MediaException($"rendered segment {segment.Index} ended before frame {frame}.");
}
