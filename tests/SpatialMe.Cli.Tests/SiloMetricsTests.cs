using System.Globalization;
using System.Net;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>`spatialme silo --metrics` (here by SPATIALME_METRICS): a silo without the web host can be scraped (docs/telemetry.md).</summary>
public sealed class SiloMetricsTests
{
    [Fact]
    public async Task A_silo_process_serves_its_farm_metrics_role_and_probes_at_the_metrics_url()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var port = RedisServer.FreePort();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        using var gpu = await SiloProcess.StartAsync(redis.ConnectionString, dir.File("media"), "gpu", new Dictionary<string, string> { ["SPATIALME_METRICS"] = url });
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        // "silo ready" comes just before the metrics endpoint starts: give it a moment.
        HttpResponseMessage? response = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            try
            {
                response = await http.GetAsync("/metrics");
                break;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        Assert.True(response is not null, gpu.Log);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"metrics at {url}/metrics", gpu.Log, StringComparison.Ordinal);
        var target = Assert.Single(text.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.Contains("service_name=\"spatialme-farm\"", target, StringComparison.Ordinal);
        Assert.Contains("spatialme_silo_role=\"gpu\"", target, StringComparison.Ordinal);

        // The farm's meter is there before any work: failures and retries start at zero.
        Assert.Contains("# TYPE spatialme_segment_failures_total counter", text, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("spatialme_segment_retries_total{", StringComparison.Ordinal) && l.Split(' ')[1] == "0");
        Assert.DoesNotContain(redis.ConnectionString, text, StringComparison.Ordinal);

        // Beside the metrics, the probes the Helm chart gives silo pods: alive, and ready (an active cluster member).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_a_silo_sends_its_metrics_over_otlp_naming_the_service_and_role()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var port = RedisServer.FreePort();
        using var collector = new System.Net.HttpListener();
        collector.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        collector.Start();
        using var gpu = await SiloProcess.StartAsync(redis.ConnectionString, dir.File("media"), "gpu", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });

        // A stand-in collector: the first OTLP metrics export that arrives (protobuf keeps strings as UTF-8 bytes).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? body = null;
        while (body is null)
        {
            var context = await collector.GetContextAsync().WaitAsync(timeout.Token);
            using var read = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(read, timeout.Token);
            if (context.Request.Url?.AbsolutePath == "/v1/metrics")
            {
                Assert.Equal("application/x-protobuf", context.Request.ContentType);
                body = System.Text.Encoding.UTF8.GetString(read.ToArray());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }

        Assert.Contains("spatialme-farm", body, StringComparison.Ordinal);
        Assert.Contains("spatialme.silo.role", body, StringComparison.Ordinal);
        Assert.Contains("gpu", body, StringComparison.Ordinal);
        Assert.Contains("spatialme.segment.failures", body, StringComparison.Ordinal);
        Assert.DoesNotContain("error", gpu.Log, StringComparison.OrdinalIgnoreCase);
    }
}
