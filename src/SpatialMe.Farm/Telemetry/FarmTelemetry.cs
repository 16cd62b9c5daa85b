using System.Diagnostics;
using System.Reflection;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Telemetry;

/// <summary>
/// The farm's traces (docs/telemetry.md): one <see cref="ActivitySource"/>, the span and attribute names, and the
/// helpers the grains use. One trace per job run: the root <see cref="JobSpan"/> is started by the film job and its
/// context persisted in the job's state (a W3C traceparent); segment, alignment and stitch spans are its children
/// wherever they run, parented through that persisted context carried in the work orders; stage spans are children of
/// their segment or stitch span, drawn afterwards from the unit's <see cref="StageTimings"/>.
/// </summary>
public static class FarmTelemetry
{
    /// <summary>The name of the farm's activity source and meter, the one name to listen to.</summary>
    public const string SourceName = "SpatialMe.Farm";

    /// <summary>What every resource is called (<c>service.name</c>).</summary>
    public const string ServiceName = "spatialme-farm";

    public const string JobSpan = "job";
    public const string JobResumedSpan = "job.resumed";
    public const string DepthSpan = "segment.depth";
    public const string RenderSpan = "segment.render";
    public const string AlignSpan = "shot.align";
    public const string StitchSpan = "stitch";

    public const string JobIdAttribute = "spatialme.job.id";
    public const string SegmentAttribute = "spatialme.segment.index";
    public const string ShotAttribute = "spatialme.shot.index";
    public const string FramesAttribute = "spatialme.frames";
    public const string FirstFrameAttribute = "spatialme.frame.start";
    public const string SiloAttribute = "spatialme.silo";
    public const string StageAttribute = "spatialme.stage";
    public const string BusyAttribute = "spatialme.stage.busy_ms";
    public const string CallsAttribute = "spatialme.stage.calls";
    public const string ReusedAttribute = "spatialme.reused";
    public const string RoleAttribute = "spatialme.silo.role";

    public static readonly ActivitySource Source = new(SourceName, Version);

    /// <summary>The assembly's informational version (<c>service.version</c>).</summary>
    public static string Version { get; } =
        typeof(FarmTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>
    /// Starts a job run's root span: a new trace whatever activity the calling grain call carries. Null where nothing
    /// listens (no telemetry configured).
    /// </summary>
    public static Activity? StartJob(string jobId, string input, string output, string format)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        try
        {
            var span = Source.StartActivity(JobSpan, ActivityKind.Internal, parentContext: default);
            span?.SetTag(JobIdAttribute, jobId);
            span?.SetTag("spatialme.job.input", input);
            span?.SetTag("spatialme.job.output", output);
            span?.SetTag("spatialme.job.format", format);
            return span;
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    /// <summary>A span under the job whose persisted context is <paramref name="traceParent"/> (a root one where it is null or unreadable).</summary>
    public static Activity? StartChild(string name, string? traceParent, string jobId, ActivityKind kind = ActivityKind.Internal)
    {
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        var span = Source.StartActivity(name, kind, parent);
        span?.SetTag(JobIdAttribute, jobId);
        return span;
    }

    /// <summary>The W3C traceparent of <paramref name="span"/>, to persist (null without a span).</summary>
    public static string? TraceParent(Activity? span) => span?.Id;

    /// <summary>The trace id in a persisted traceparent (null where there is none).</summary>
    public static string? TraceId(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    /// <summary>
    /// One child span of <paramref name="parent"/> per stage that ran, from the first call of the stage to the end of
    /// its last, with the time spent inside it (the stages interleave frame by frame, so windows overlap).
    /// </summary>
    public static void AddStageSpans(Activity? parent, StageTimings timings)
    {
        if (parent is null)
        {
            return;
        }

        foreach (var window in timings.Windows)
        {
            using var span = Source.StartActivity(window.Stage, ActivityKind.Internal, parent.Context, startTime: window.Start);
            if (span is null)
            {
                continue;
            }

            span.SetTag(StageAttribute, window.Stage);
            span.SetTag(BusyAttribute, Math.Round(window.Busy.TotalMilliseconds, 3));
            span.SetTag(CallsAttribute, window.Calls);
            span.SetEndTime(window.End.UtcDateTime);
        }
    }

    /// <summary>Marks <paramref name="span"/> failed with <paramref name="error"/>.</summary>
    public static void Fail(Activity? span, string? error) => span?.SetStatus(ActivityStatusCode.Error, error);
}
