using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Telemetry;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Farm.Tests.Telemetry;

/// <summary>A job's trace on a real two-silo cluster: one tree, whatever silo each part ran on (docs/telemetry.md).</summary>
public sealed class JobTraceTests(ITestOutputHelper log)
{
    private static readonly string[] RenderStages = ["decode", "normalize", "warp", "poly", "temporal", "de", "fusion", "encode", "upload"];
    private static readonly string[] DepthStages = ["decode", "depth", "upload"];
    private static readonly string[] StitchStages = ["decode", "pack", "encode", "upload"];

    [Fact]
    public async Task AJobsSpansFormOneTreeAcrossTwoSilosAndItsLogLinesCarryItsTraceId()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(FarmTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        var lines = new StringWriter();
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(
            dir.File("store"), [new TestSilo("gpu"), new TestSilo("gpu")],
            configureSilo: silo => silo.Services.AddLogging(l => l.AddProvider(new FileLoggerProvider(TextWriter.Synchronized(lines), LogLevel.Information))));

        var id = await farm.SubmitAsync(FarmJobs.Spec(dir.File("out.mp4")));
        var status = await farm.WaitAsync(id);
        Assert.True(status.State == JobState.Done, $"{status.State}: {status.Error}");

        // The root span ends as the job finishes; give the exporter a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Snapshot(spans).Any(s => s.OperationName == FarmTelemetry.JobSpan && Job(s) == id) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var mine = Snapshot(spans).Where(s => Job(s) == id).ToList();
        var root = Assert.Single(mine, s => s.OperationName == FarmTelemetry.JobSpan);
        var trace = Snapshot(spans).Where(s => s.TraceId == root.TraceId).ToList();
        foreach (var s in trace.OrderBy(s => s.StartTimeUtc))
        {
            log.WriteLine($"{s.StartTimeUtc:HH:mm:ss.fff} {s.Duration.TotalMilliseconds,8:F1} ms {s.OperationName,-15} {s.SpanId} <- {s.ParentSpanId} {s.GetTagItem(FarmTelemetry.SiloAttribute)}");
        }

        // One trace: every span naming the job is in the root's trace, and the root is the only span without a parent.
        Assert.All(mine, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.Equal(default, root.ParentSpanId);
        Assert.Single(trace, s => s.ParentSpanId == default);
        var bySpan = trace.ToDictionary(s => s.SpanId);
        Assert.All(trace.Where(s => s != root), s => Assert.True(bySpan.ContainsKey(s.ParentSpanId), $"{s.OperationName}'s parent {s.ParentSpanId} is not in the trace"));

        // Every segment's depth and render span is a child of the job, one per unit, on both GPU silos.
        var depth = trace.Where(s => s.OperationName == FarmTelemetry.DepthSpan).ToList();
        var render = trace.Where(s => s.OperationName == FarmTelemetry.RenderSpan).ToList();
        Assert.Equal(status.Segments.Count, depth.Count);
        Assert.Equal(status.Segments.Count, render.Count);
        Assert.All(depth.Concat(render), s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.Equal(
            status.Segments.Select(x => x.Index).Order(),
            render.Select(s => Convert.ToInt32(s.GetTagItem(FarmTelemetry.SegmentAttribute), System.Globalization.CultureInfo.InvariantCulture)).Order());
        var silos = depth.Concat(render).Select(s => (string?)s.GetTagItem(FarmTelemetry.SiloAttribute)).Distinct().Order().ToList();
        Assert.Equal(new[] { farm.Address(0), farm.Address(1) }.Order(), silos);

        // Alignment and stitch under the job too.
        Assert.Equal(status.ShotCount, trace.Count(s => s.OperationName == FarmTelemetry.AlignSpan && s.ParentSpanId == root.SpanId));
        var stitch = Assert.Single(trace, s => s.OperationName == FarmTelemetry.StitchSpan);
        Assert.Equal(root.SpanId, stitch.ParentSpanId);

        // Stage spans under each unit, inside its time, with time spent in them.
        AssertStages(trace, depth, DepthStages);
        AssertStages(trace, render, RenderStages);
        AssertStages(trace, [stitch], StitchStages);
        Assert.True(root.Duration > TimeSpan.Zero);

        // The job's log lines, written in its ticks on whichever silo, name its trace.
        var text = lines.ToString();
        var jobLines = text.Split('\n').Where(l => l.Contains($"Job {id}:", StringComparison.Ordinal)).ToList();
        log.WriteLine(string.Join("\n", jobLines));
        Assert.Contains(jobLines, l => l.Contains("started", StringComparison.Ordinal) && l.Contains($"trace_id={root.TraceId.ToHexString()}", StringComparison.Ordinal));
        Assert.Contains(jobLines, l => l.Contains("done, wrote", StringComparison.Ordinal) && l.Contains($"trace_id={root.TraceId.ToHexString()}", StringComparison.Ordinal));
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(dir.File("out.mp4")));
    }

    private static void AssertStages(List<Activity> trace, IReadOnlyList<Activity> units, string[] stages)
    {
        var slack = TimeSpan.FromMilliseconds(2); // wall-clock conversions on either side
        foreach (var unit in units)
        {
            var children = trace.Where(s => s.ParentSpanId == unit.SpanId).ToList();
            Assert.Equal(stages.Order(), children.Select(c => c.OperationName).Order());
            Assert.All(children, c =>
            {
                Assert.True(c.StartTimeUtc >= unit.StartTimeUtc - slack, $"{c.OperationName} starts before its {unit.OperationName}");
                Assert.True(c.StartTimeUtc + c.Duration <= unit.StartTimeUtc + unit.Duration + slack, $"{c.OperationName} ends after its {unit.OperationName}");
                Assert.True(Convert.ToDouble(c.GetTagItem(FarmTelemetry.BusyAttribute), System.Globalization.CultureInfo.InvariantCulture) > 0, $"{c.OperationName} has no busy time");
                Assert.True(c.Duration > TimeSpan.Zero);
            });
        }
    }

    private static string? Job(Activity span) => span.GetTagItem(FarmTelemetry.JobIdAttribute) as string;

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }
}
