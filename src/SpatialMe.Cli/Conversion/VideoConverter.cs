using System.Diagnostics;
using SpatialMe.Media;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Cli.Conversion;

/// <summary>
/// Converts one video on this machine: streaming decode → <see cref="StereoConverter"/> → streaming encode and mux.
/// The output appears only when complete; any failure leaves no file behind and names the cause.
/// </summary>
/// <param name="refiner">The learned fusion (null: rule-based); the caller owns it.</param>
public sealed class VideoConverter(IDepthEstimator depth, IFusionRefiner? refiner = null)
{
    public async Task<ConvertSummary> RunAsync(ConvertRequest request, Action<int, int> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var info = await VideoProbe.ProbeAsync(request.Input, ct);
        var (start, end) = ResolveRange(request, info);
        if (File.Exists(request.Output) && !request.Overwrite)
        {
            throw new MediaException($"output '{request.Output}' already exists; pass --overwrite to replace it.");
        }

        var (outWidth, outHeight) = StereoPacker.OutputSize(request.Settings.Format, info.Width, info.Height);
        var total = end - start;
        var converter = new StereoConverter(depth, request.Settings, refiner);
        var written = 0;
        progress(0, total);
        await using (var writer = await VideoWriter.StartAsync(request.Output, outWidth, outHeight, info, start, end, request.Encode, ct))
        {
            await foreach (var frame in FrameReader.ReadAsync(info, start, end, ct))
            {
                foreach (var packed in converter.Push(frame))
                {
                    await writer.WriteAsync(packed, ct);
                    progress(++written, total);
                }
            }

            foreach (var packed in converter.Complete())
            {
                await writer.WriteAsync(packed, ct);
                progress(++written, total);
            }

            if (written != total)
            {
                throw new MediaException($"'{request.Input}': decoded {written} of the {total} frames expected; output not written.");
            }

            await writer.CompleteAsync();
        }

        return new ConvertSummary(request.Output, written, converter.ShotCount, clock.Elapsed, depth.Name, depth.Description, converter.Timings.All)
        {
            Fusion = request.Models.Fusion,
        };
    }

    internal static (int Start, int End) ResolveRange(ConvertRequest request, VideoInfo info)
    {
        var start = request.Start?.ToFrame(info.FramesPerSecond) ?? 0;
        var end = request.End?.ToFrame(info.FramesPerSecond) ?? info.FrameCount;
        if (start < 0 || start >= info.FrameCount)
        {
            throw new ArgumentException($"--start {request.Start} is outside '{info.Path}', which has {info.FrameCount} frames.");
        }

        if (end > info.FrameCount)
        {
            end = info.FrameCount; // a generous --end means "to the end"
        }

        if (end <= start)
        {
            throw new ArgumentException($"--end {request.End} must come after --start {request.Start?.ToString() ?? "0"}.");
        }

        return (start, end);
    }
}
