using System.Diagnostics;
using System.Globalization;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Segments;
using SpatialMe.Farm.Storage;
using SpatialMe.Media;
using SpatialMe.Media.Quality;
using SpatialMe.Models.Depth;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Cli.Conversion;

/// <summary>
/// Converts one video on the embedded farm: starts a silo in this process on the store, submits the job to the
/// coordinator (the job id comes from the input and settings, so the same command finds its job again and resumes
/// it), follows its progress, and on Ctrl-C cancels it cleanly — committed segments stay in the store for the next
/// run.
/// </summary>
public sealed class FarmConverter(string store, int segmentFrames, int overlap, bool keepIntermediates)
{
    public async Task<ConvertSummary> RunAsync(ConvertRequest request, Action<int, int, string?> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (spec, start, end) = await SpecAsync(request, segmentFrames, overlap, keepIntermediates, ct);
        var output = spec.Output;
        var id = JobIds.For(spec);

        await using var farm = await EmbeddedFarm.StartAsync(store, cancellationToken: ct);
        var coordinator = farm.Client.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);
        var job = farm.Client.GetGrain<IFilmJobGrain>(id);
        await coordinator.SubmitAsync(id, spec, ct);
        JobStatus status;
        progress(0, end - start, "starting the embedded farm");
        try
        {
            status = await PollAsync(
                job,
                s => progress(Math.Min(s.FramesDone, s.FramesTotal), Math.Max(s.FramesTotal, end - start), Describe(s)),
                s => s.State.IsFinal(),
                ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: stop the job's work before the silo goes, so nothing half-done is left running.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await coordinator.CancelAsync(id, grace.Token);
            throw new OperationCanceledException($"cancelled: no output was written; committed segments are kept in '{farm.StorePath}' — run the same command to resume.", ct);
        }

        if (status.State != JobState.Done)
        {
            throw new MediaException($"{status.Error ?? status.State.ToApiName()} (job {id}; log: {Path.Combine(farm.StorePath, "logs", "silo.log")})");
        }

        var quality = await QualityAsync(job, id, farm.StorePath, status.FramesTotal, progress, ct);
        return new ConvertSummary(
            output,
            status.FramesTotal,
            status.ShotCount,
            clock.Elapsed,
            status.DepthModel ?? "?",
            DepthDescription(status.DepthModel),
            status.StageTimes)
        {
            Segments = status.Segments.Count,
            Fusion = request.Models.Fusion,
            JobId = id,
            Store = farm.StorePath,
            Quality = quality,
        };
    }

    /// <summary>
    /// Waits for the stereo QC the farm makes once the output is published (docs/qc.md) and reads its report from the
    /// store. The output is complete by then, so nothing here fails the conversion: a failed analysis or a Ctrl-C is
    /// a note in the summary, and <c>spatialme qc &lt;output&gt;</c> can always analyse the file again.
    /// </summary>
    private static async Task<ConvertQuality> QualityAsync(IFilmJobGrain job, string id, string store, int frames, Action<int, int, string?> progress, CancellationToken ct)
    {
        progress(frames, frames, "stereo QC of the output: parallax, stereo window, disocclusion, flicker, seams");
        var media = Path.Combine(store, EmbeddedFarm.MediaFolder);
        var json = Path.Combine(media, StoreKeys.QualityJson(id));
        var html = Path.Combine(media, StoreKeys.QualityHtml(id));
        try
        {
            var quality = (await PollAsync(job, _ => { }, s => s.Quality?.State is QualityState.Done or QualityState.Failed, ct)).Quality!;
            if (quality.State == QualityState.Failed)
            {
                return new ConvertQuality(null, $"the analysis failed: {quality.Error}", null, null);
            }

            var text = await job.GetQualityReportAsync(QualityReportFormat.Json, ct);
            return text is null
                ? new ConvertQuality(null, "the QC report is missing from the farm store", null, null)
                : new ConvertQuality(StereoQualityJson.Deserialize(text), null, json, html);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ConvertQuality(null, "cancelled; the output is complete", null, null);
        }
    }

    /// <summary>Reads the job's status every 250 ms (the farm is in-process, so a read costs next to nothing), showing
    /// each to <paramref name="seen"/>, until one satisfies <paramref name="until"/>, which it returns. A job not yet
    /// admitted has no status: it is read again.</summary>
    private static async Task<JobStatus> PollAsync(IFilmJobGrain job, Action<JobStatus> seen, Func<JobStatus, bool> until, CancellationToken ct)
    {
        while (true)
        {
            if (await job.GetStatusAsync(ct) is { } status)
            {
                seen(status);
                if (until(status))
                {
                    return status;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>
    /// The job spec for a request: probes the input (a missing or non-video input fails here, before any farm work),
    /// resolves the frame range (named in the spec only when --start or --end cut it), refuses an existing output unless
    /// overwriting, and takes full paths. A blob input is
    /// not read here (the farm's silos read it; a missing or bad one fails the job with the reason) and converts whole.
    /// </summary>
    internal static async Task<(JobSpec Spec, int Start, int End)> SpecAsync(
        ConvertRequest request, int segmentFrames, int overlap, bool keepIntermediates, CancellationToken ct)
    {
        if (MediaFiles.IsBlob(request.Input))
        {
            if (request.Start is not null || request.End is not null)
            {
                throw new ArgumentException("--start and --end need a local input (blob inputs are read by the farm, not here); submit the whole title.");
            }

            var whole = Spec(request, request.Input, MediaFiles.IsBlob(request.Output) ? request.Output : Path.GetFullPath(request.Output), null, null, segmentFrames, overlap, keepIntermediates);
            return (whole, 0, 0);
        }

        var info = await VideoProbe.ProbeAsync(request.Input, ct);
        var (start, end) = VideoConverter.ResolveRange(request, info);
        var output = request.Output;
        if (!MediaFiles.IsBlob(output))
        {
            output = Path.GetFullPath(output);
            if (File.Exists(output) && !request.Overwrite)
            {
                throw new MediaException($"output '{request.Output}' already exists; pass --overwrite to replace it.");
            }
        }

        // A whole video is asked for without a range, as the API and a catalog ask for it, so the same file with the
        // same settings is the same job (one id) however it was submitted.
        var wholeVideo = request.Start is null && request.End is null;
        return (Spec(request, Path.GetFullPath(request.Input), output, wholeVideo ? null : start, wholeVideo ? null : end, segmentFrames, overlap, keepIntermediates), start, end);
    }

    private static JobSpec Spec(ConvertRequest request, string input, string output, int? start, int? end, int segmentFrames, int overlap, bool keepIntermediates)
    {
        var spec = new JobSpec
        {
            Input = input,
            Output = output,
            Format = StereoFormats.ToCliName(request.Settings.Format),
            Divergence = request.Settings.Disparity.Divergence,
            Convergence = request.Settings.Disparity.Convergence,
            StartFrame = start,
            EndFrame = end,
            SegmentFrames = segmentFrames,
            Overlap = overlap,
            Codec = request.Encode.Codec,
            Crf = request.Encode.Crf,
            Preset = request.Encode.Preset,
            PixelFormat = request.Encode.PixelFormat,
            Overwrite = request.Overwrite,
            KeepIntermediates = keepIntermediates,
            Models = request.Models.ToJobModels(),
        };
        JobSpecs.Validate(spec);
        return spec;
    }

    internal static string Describe(JobStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        switch (status.Stage)
        {
            case JobStage.Planning:
                return "planning: probe, shot detection, segments";
            case JobStage.Stitching:
                return "stitching: cross-fading seams, packing, encoding";
            case JobStage.Rendering:
                var segments = status.Segments;
                var done = segments.Count(s => s.Stage == SegmentStage.Done);
                var depth = segments.Count(s => s.Stage == SegmentStage.Depth);
                var render = segments.Count(s => s.Stage == SegmentStage.Render);
                return string.Create(c, $"{status.ShotCount} shots, {done}/{segments.Count} segments done ({depth} in depth, {render} rendering)");
            default:
                return status.Stage.ToApiName();
        }
    }

    private static string DepthDescription(string? model) =>
        model == new CueDepthEstimator().Name ? new CueDepthEstimator().Description
        : model?.StartsWith(DepthAnythingV2Estimator.NamePrefix, StringComparison.Ordinal) == true ? DepthAnythingV2Estimator.ModelDescription
        : "depth model";
}
