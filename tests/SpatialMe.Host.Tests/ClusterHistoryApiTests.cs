using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>
/// <c>GET /api/v1/cluster/history</c> and the <c>cluster.sample</c> events over a real embedded farm converting a real
/// clip: the farm samples itself every 5 s, whether or not anyone watches.
/// </summary>
public sealed class ClusterHistoryApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task After_a_job_the_history_shows_the_silo_its_slots_and_the_work_done_during_the_job()
    {
        using var http = farm.Client();
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "history-clip");
        var before = DateTimeOffset.UtcNow;
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = Path.Combine(farm.Media, "history-clip.sbs.mp4") });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow + Patience;
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var after = DateTimeOffset.UtcNow;
        Assert.Equal("done", (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString());

        // Samples come every 5 s: wait for the first one after the job ended.
        List<JsonElement> samples;
        do
        {
            await Task.Delay(500);
            samples = [.. (await http.GetFromJsonAsync<JsonElement>("/api/v1/cluster/history")).EnumerateArray()];
        }
        while (!samples.Any(s => s.GetProperty("at").GetDateTimeOffset() > after) && DateTime.UtcNow < deadline);

        Assert.NotEmpty(samples);
        Assert.All(samples, s =>
        {
            Assert.Equal(
                ["at", "silos", "gpuSilos", "gpuSlots", "busySlots", "framesPerSecond", "depthFramesPerSecond"],
                s.EnumerateObject().Select(p => p.Name));
            Assert.True(s.GetProperty("silos").GetInt32() >= 1, s.ToString());
            Assert.True(s.GetProperty("gpuSlots").GetInt32() >= 1, s.ToString());
            Assert.Equal(0, s.GetProperty("gpuSilos").GetInt32()); // the embedded silo is a CPU silo with CPU fallback
            Assert.InRange(s.GetProperty("busySlots").GetInt32(), 0, s.GetProperty("gpuSlots").GetInt32());
        });
        var times = samples.Select(s => s.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.True(times.Zip(times.Skip(1)).All(p => p.Second >= p.First), string.Join(" ", times.Select(t => t.ToString("O"))));

        // A silo's rates are over its last 30 s, so the samples taken while the job ran, or just after, show its work.
        var duringJob = samples.Where(s => s.GetProperty("at").GetDateTimeOffset() is var at && at >= before && at <= after + TimeSpan.FromSeconds(10)).ToList();
        Assert.Contains(duringJob, s => s.GetProperty("busySlots").GetInt32() > 0 || s.GetProperty("framesPerSecond").GetDouble() > 0);

        // ?minutes= keeps only the latest samples.
        var lastMinute = (await http.GetFromJsonAsync<JsonElement>("/api/v1/cluster/history?minutes=1")).EnumerateArray().ToList();
        Assert.NotEmpty(lastMinute);
        Assert.All(lastMinute, s => Assert.True(s.GetProperty("at").GetDateTimeOffset() >= DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1.1), s.ToString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("-5")]
    public async Task Minutes_outside_1_to_60_is_a_400_problem_naming_minutes(string minutes)
    {
        using var http = farm.Client();
        var response = await http.GetAsync($"/api/v1/cluster/history?minutes={minutes}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("minutes", problem.GetProperty("field").GetString());
        Assert.Contains("1-60", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_is_a_read_that_needs_the_token()
    {
        using var none = farm.Client(token: null);
        var refused = await none.GetAsync("/api/v1/cluster/history");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var wrong = farm.Client(token: WebFarm.Token + "x");
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.GetAsync("/api/v1/cluster/history")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_history_route_with_its_minutes_parameter()
    {
        using var http = farm.Client(token: null);
        var get = (await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths").GetProperty("/api/v1/cluster/history").GetProperty("get");
        Assert.Equal("GetClusterHistory", get.GetProperty("operationId").GetString());
        Assert.Contains(get.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "minutes");
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task The_event_stream_carries_cluster_samples_and_a_job_stream_does_not()
    {
        using var http = farm.Client();
        using var all = await EventStreamReader.OpenAsync(http, "/api/v1/events");
        using var oneJob = await EventStreamReader.OpenAsync(http, "/api/v1/events?job=no-such-job");
        Assert.Equal(HttpStatusCode.OK, oneJob.Response.StatusCode);

        SseEvent? sample = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (sample is null && DateTime.UtcNow < deadline && await all.NextAsync(TimeSpan.FromSeconds(30)) is { } e)
        {
            sample = e.Type == "cluster.sample" ? e : null;
        }

        Assert.NotNull(sample);
        var data = sample.Data;
        Assert.Equal("cluster.sample", data.GetProperty("type").GetString());
        Assert.Equal(sample.Id, data.GetProperty("id").GetInt64());
        Assert.True(data.GetProperty("silos").GetInt32() >= 1, data.ToString());
        Assert.Equal(0, data.GetProperty("gpuSilos").GetInt32());
        Assert.True(data.GetProperty("gpuSlots").GetInt32() >= 1, data.ToString());
        Assert.InRange(data.GetProperty("busySlots").GetInt32(), 0, data.GetProperty("gpuSlots").GetInt32());
        Assert.True(data.GetProperty("fps").GetDouble() >= 0 && data.GetProperty("depthFps").GetDouble() >= 0, data.ToString());
        Assert.False(data.TryGetProperty("job", out _));

        // The same sample is in the history, at the event's time.
        var at = data.GetProperty("time").GetDateTimeOffset();
        var history = (await http.GetFromJsonAsync<JsonElement>("/api/v1/cluster/history")).EnumerateArray();
        Assert.Contains(history, s => s.GetProperty("at").GetDateTimeOffset() == at && s.GetProperty("busySlots").GetInt32() == data.GetProperty("busySlots").GetInt32());

        // Over two more sample periods the whole stream gets more samples and the job's stream none of them.
        Assert.Null(await oneJob.NextAsync(TimeSpan.FromSeconds(11)));
        SseEvent? next = null;
        while (next is null && await all.NextAsync(TimeSpan.FromSeconds(1)) is { } e)
        {
            next = e.Type == "cluster.sample" && e.Id > sample.Id ? e : null;
        }

        Assert.NotNull(next);
    }
}
