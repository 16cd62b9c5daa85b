using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Telemetry;
using SpatialMe.Farm.Work;
using SpatialMe.Farm.Workers;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// The job's stitcher: shot alignment before rendering (<see cref="ShotAligner"/>, a bounded call) and the final
/// assembly after (<see cref="FilmStitcher"/>, background work polled by the film job). Holds no state worth
/// persisting: the alignment is in the media store and an interrupted assembly restarts (its output only appears
/// when complete). After the job is done it also runs the output's stereo QC (<see cref="JobQuality"/>) as background
/// work on this silo.
/// </summary>
public sealed class StitchGrain(IMediaStore store, MediaFiles files, ILocalSiloDetails silo, IHostApplicationLifetime lifetime) : Grain, IStitchGrain
{
    private BackgroundWork _assembly = new();
    private int _attempt;
    private BackgroundWork _quality = new();
    private (int Generation, int Attempt) _qualityAttempt;

    public async Task<AlignReport> AlignShotAsync(AlignOrder order, CancellationToken cancellationToken = default)
    {
        using var span = FarmTelemetry.StartChild(FarmTelemetry.AlignSpan, order.Segments.FirstOrDefault()?.TraceParent, order.JobId);
        span?.SetTag(FarmTelemetry.ShotAttribute, order.Shot);
        span?.SetTag(FarmTelemetry.SiloAttribute, SiloName);
        try
        {
            var (_, report) = await Task.Run(() => ShotAligner.AlignAsync(order, store, DepthNormalizerOptions.Default, cancellationToken), cancellationToken);
            return report;
        }
        catch (Exception e)
        {
            FarmTelemetry.Fail(span, BackgroundWork.Describe(e));
            throw;
        }
    }

    public Task StartAsync(StitchOrder order, CancellationToken cancellationToken = default)
    {
        if (order.Attempt != _attempt)
        {
            _assembly.Cancel();
            _assembly = new BackgroundWork();
            _attempt = order.Attempt;
        }

        _assembly.Start(order.EndFrame - order.StartFrame, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            using var span = FarmTelemetry.StartChild(FarmTelemetry.StitchSpan, order.TraceParent, order.JobId);
            span?.SetTag(FarmTelemetry.FramesAttribute, order.EndFrame - order.StartFrame);
            span?.SetTag(FarmTelemetry.SiloAttribute, SiloName);
            var timings = new StageTimings();
            try
            {
                // A blob output is assembled in a local file and uploaded once complete; a local one is written in place.
                var output = files.LocalOutputPath(order.Output);
                var counting = FarmMetrics.Counting(progress, SiloName, "stitch");
                await files.WithInputAsync(order.Input, input => FilmStitcher.RunAsync(order with { Input = input, Output = output }, store, counting, ct, timings), ct);
                await timings.MeasureAsync("upload", () => files.PublishOutputAsync(output, order.Output, order.Overwrite, ct));
                return false;
            }
            catch (Exception e)
            {
                FarmTelemetry.Fail(span, BackgroundWork.Describe(e));
                throw;
            }
            finally
            {
                FarmTelemetry.AddStageSpans(span, timings);
            }
        });
        return Task.CompletedTask;
    }

    private string SiloName => silo.SiloAddress.ToParsableString();

    public Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_assembly.Progress(SiloName));

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        _assembly.Cancel();
        return Task.CompletedTask;
    }

    public Task StartQualityAsync(QualityOrder order, CancellationToken cancellationToken = default)
    {
        if ((order.Generation, order.Attempt) != _qualityAttempt)
        {
            _quality.Cancel();
            _quality = new BackgroundWork();
            _qualityAttempt = (order.Generation, order.Attempt);
        }

        // Frames decoded is the progress; the total is the output's length, known once the analysis probes it.
        _quality.Start(0, lifetime.ApplicationStopping, async (progress, ct) =>
        {
            await JobQuality.RunAsync(order, store, files, progress, ct);
            return false;
        });
        return Task.CompletedTask;
    }

    public Task<WorkProgress> PollQualityAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_quality.Progress(silo.SiloAddress.ToParsableString()));

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _assembly.Cancel();
        _quality.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
