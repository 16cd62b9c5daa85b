using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Host.Tests;

/// <summary>
/// <c>/metrics</c> on the web host over a real embedded farm: Prometheus text that a strict reader accepts, carrying
/// the farm's metrics with the values a converted clip implies (docs/telemetry.md).
/// </summary>
public sealed class MetricsEndpointTests(WebFarm farm, ITestOutputHelper log) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task Metrics_scrape_parses_as_prometheus_text_and_counts_a_converted_clip()
    {
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "metrics-clip");
        var output = Path.Combine(farm.Media, "metrics-clip.sbs.mp4");
        using var http = farm.Client();
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output, format = "full-sbs", priority = 3 });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await WaitDoneAsync(http, id);
        var segments = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/segments")).EnumerateArray().ToList();
        var silo = segments.Select(s => s.GetProperty("silo").GetString()!).Distinct().Single();
        var segmentFrames = segments.Sum(s => s.GetProperty("end").GetInt32() - s.GetProperty("start").GetInt32());

        // Open like /healthz: no token needed.
        using var anonymous = farm.Client(token: null);
        var response = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        log.WriteLine(text);
        var metrics = PrometheusText.Parse(text);

        // Every frame of the clip went through depth, render (overlaps twice) and the stitch on the farm's one silo.
        double Value(string name, params (string, string)[] labels) => Assert.Single(metrics.Find(name, labels)).Value;
        var frames = job.GetProperty("framesTotal").GetInt32();
        Assert.Equal(frames, Value("spatialme_frames_rendered_total", ("spatialme_silo", silo), ("spatialme_phase", "stitch")));
        Assert.Equal(segmentFrames, Value("spatialme_frames_rendered_total", ("spatialme_silo", silo), ("spatialme_phase", "render")));
        Assert.Equal(segmentFrames, Value("spatialme_frames_rendered_total", ("spatialme_silo", silo), ("spatialme_phase", "depth")));
        Assert.Equal("counter", metrics.FamilyTypes["spatialme_frames_rendered_total"]);

        // One duration per unit, each longer than nothing; buckets cumulative up to +Inf = count.
        foreach (var phase in new[] { "depth", "render" })
        {
            var labels = new[] { ("spatialme_silo", silo), ("spatialme_phase", phase), ("spatialme_outcome", "succeeded") };
            var count = Value("spatialme_segment_duration_seconds_count", labels);
            Assert.Equal(segments.Count, count);
            Assert.True(Value("spatialme_segment_duration_seconds_sum", labels) > 0);
            var buckets = metrics.Find("spatialme_segment_duration_seconds_bucket", labels).ToList();
            Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value));
            Assert.Equal(count, Assert.Single(buckets, b => b.Labels["le"] == "+Inf").Value);
        }

        Assert.Equal("histogram", metrics.FamilyTypes["spatialme_segment_duration_seconds"]);
        Assert.True(Value("spatialme_media_written_bytes_total", ("spatialme_store", "local")) > 0);
        Assert.True(Value("spatialme_media_read_bytes_total", ("spatialme_store", "local")) > 0);
        Assert.Equal(1, Value("spatialme_gpu_slots_total", ("spatialme_silo", silo)));
        Assert.InRange(Value("spatialme_gpu_slots_busy", ("spatialme_silo", silo)), 0, 1);
        Assert.True(Value("spatialme_jobs_finished_total", ("spatialme_job_state", "done")) >= 1);
        Assert.All(metrics.Find("spatialme_segment_retries_total"), s => Assert.True(s.Value >= 0));
        Assert.Equal(4, metrics.Find("spatialme_segment_failures_total").Count());
        Assert.Contains(metrics.Samples, s => s.Family.StartsWith("spatialme_frames_rate", StringComparison.Ordinal) && s.Labels["spatialme_silo"] == silo && s.Value >= 0);
        Assert.All(metrics.Find("spatialme_queue_depth"), s => Assert.True(s.Value >= 0));
        Assert.Contains(metrics.Find("spatialme_queue_depth"), s => s.Labels["spatialme_priority"] == "3");

        // The resource names the service, its version and the role.
        var target = Assert.Single(metrics.Find("target_info"));
        Assert.Equal("spatialme-farm", target.Labels["service_name"]);
        Assert.Equal("web", target.Labels["spatialme_silo_role"]);
        Assert.False(string.IsNullOrEmpty(target.Labels["service_version"]));
        Assert.DoesNotContain(WebFarm.Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strict_reader_refuses_malformed_text()
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse("a_total 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE a counter\na{x=\"1} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE a counter\na{x=1} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE a counter\na one\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE a counter\na 1\n# HELP a late\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE a counter\n# TYPE a gauge\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE h histogram\nh 1\n"));
        Assert.Single(PrometheusText.Parse("# HELP a x\n# TYPE a counter\na{x=\"q\\\"\"} 1 1700000000000\n").Samples);
    }

    private static async Task<JsonElement> WaitDoneAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        var job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        while (job.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        }

        Assert.True(job.GetProperty("state").GetString() == "done", job.ToString());
        return job;
    }
}
