using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>The web host and jobs API over a real embedded farm, through HTTP.</summary>
public sealed class JobsApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task Healthz_and_readyz_answer_ok()
    {
        using var http = farm.Client(token: null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Calls_without_a_token_are_401_and_with_a_wrong_token_403_problems()
    {
        using var none = farm.Client(token: null);
        using var wrong = farm.Client(token: WebFarm.Token + "x");
        foreach (var response in new[]
        {
            await none.PostAsJsonAsync("/api/v1/jobs", new { input = "/x.mp4", output = "/y.mp4" }),
            await none.GetAsync("/api/v1/jobs"),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        foreach (var response in new[]
        {
            await wrong.PostAsync("/api/v1/jobs/nope/cancel", null),
            await wrong.GetAsync("/api/v1/jobs/nope"),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(WebFarm.Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Submitted_clip_converts_and_get_reports_it_done()
    {
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "api-clip");
        var output = Path.Combine(farm.Media, "api-clip.sbs.mp4");
        using var http = farm.Client();

        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output, format = "full-sbs", priority = 0 });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var job = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/jobs/{id}", submitted.Headers.Location?.OriginalString);
        Assert.Contains(job.GetProperty("state").GetString(), new[] { "queued", "running" });
        Assert.InRange(job.GetProperty("progress").GetDouble(), 0, 1);

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (job.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        }

        Assert.True(job.GetProperty("state").GetString() == "done", job.ToString());
        Assert.Equal(1.0, job.GetProperty("progress").GetDouble(), 3);
        Assert.Equal(25, job.GetProperty("framesTotal").GetInt32());
        Assert.Equal(job.GetProperty("framesTotal").GetInt32(), job.GetProperty("framesDone").GetInt32());
        Assert.Equal(output, job.GetProperty("output").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.True(job.TryGetProperty("fps", out _) && job.TryGetProperty("eta", out _));
        Assert.True(File.Exists(output));
        Assert.Equal(25, TestClips.CountDecodedFrames(output));

        var segments = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/segments");
        Assert.All(segments.EnumerateArray(), s => Assert.Equal("done", s.GetProperty("stage").GetString()));
        Assert.True(segments.GetArrayLength() >= 1);

        // The list is the coordinator's view, which learns of the end on its next tick (a few seconds later).
        var listed = false;
        while (!listed && DateTime.UtcNow < deadline)
        {
            var done = await http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?state=done&page=1&pageSize=10");
            listed = done.GetProperty("items").EnumerateArray().Any(j => j.GetProperty("id").GetString() == id);
            await Task.Delay(listed ? 0 : 250);
        }

        Assert.True(listed, "the job never appeared in ?state=done");
        var cancelled = await http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?state=cancelled");
        Assert.DoesNotContain(cancelled.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetString() == id);

        // The same request again answers the same job (its id comes from the input and settings).
        var again = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output, format = "full-sbs" });
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_job_waiting_in_the_queue_is_found_and_reported_queued()
    {
        // With one job at a time, the second of two submissions waits in the coordinator's queue before any film-job
        // grain exists for it: GET must still find it (from the queue), not answer 404.
        using var http = farm.Client();
        var ids = new List<string>();
        foreach (var name in new[] { "queue-a", "queue-b" })
        {
            var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 2, name: name);
            var response = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = Path.Combine(farm.Media, name + ".sbs.mp4") });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var second = await http.GetAsync($"/api/v1/jobs/{ids[1]}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var job = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ids[1], job.GetProperty("id").GetString());
        Assert.Contains(job.GetProperty("state").GetString(), new[] { "queued", "running", "done" });

        // A queued job's priority can change (GET shows it); one that has left the queue answers 409, an unknown one 404.
        var raised = await http.PutAsJsonAsync($"/api/v1/jobs/{ids[1]}/priority", new { priority = 7 });
        if (job.GetProperty("state").GetString() == "queued" && raised.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(7, (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetInt32());
            var after = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{ids[1]}");
            Assert.True(after.GetProperty("state").GetString() != "queued" || after.GetProperty("priority").GetInt32() == 7, after.ToString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, raised.StatusCode);
        }

        // Once the first job has left the queue (the coordinator admits it when an earlier job's end reaches it), its
        // priority no longer orders anything.
        var admitted = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{ids[0]}")).GetProperty("state").GetString() == "queued" && DateTime.UtcNow < admitted)
        {
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await http.PutAsJsonAsync($"/api/v1/jobs/{ids[0]}/priority", new { priority = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PutAsJsonAsync("/api/v1/jobs/no-such-job/priority", new { priority = 1 })).StatusCode);
        var missing = await http.PutAsJsonAsync($"/api/v1/jobs/{ids[1]}/priority", new { level = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        foreach (var id in ids)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    [Theory]
    [InlineData("""{"input": "INPUT", "output": "MEDIA/o.mp4", "format": "sideways"}""", "format", "sideways")]
    [InlineData("""{"input": "INPUT", "output": "/etc/o.mp4"}""", "output", "outside the allowed folders")]
    [InlineData("""{"input": "/etc/passwd", "output": "MEDIA/o.mp4"}""", "input", "outside the allowed folders")]
    [InlineData("""{"output": "MEDIA/o.mp4"}""", "input", "input is required")]
    [InlineData("""{"input": "INPUT", "output": "relative.mp4"}""", "output", "relative path")]
    [InlineData("""{"input": "INPUT", "output": "MEDIA/o.mp4", "priority": "high"}""", "priority", "not a valid job")]
    [InlineData("""{"input": "INPUT", "output": "MEDIA/o.mp4", "fromat": "full-sbs"}""", "fromat", "not a valid job")]
    [InlineData("""{"input": "MEDIA/missing.mp4", "output": "MEDIA/o.mp4"}""", "input", "does not exist")]
    [InlineData("""{"input": """, null, "not a valid job")]
    public async Task Bad_submissions_are_400_problems_naming_the_field(string body, string? field, string detail)
    {
        var media = farm.Media.Replace("\\", "/", StringComparison.Ordinal);
        var input = Path.Combine(farm.Media, "bad-input.mp4");
        if (!File.Exists(input))
        {
            File.WriteAllBytes(input, [0]);
        }

        using var http = farm.Client();
        using var content = new StringContent(body.Replace("INPUT", input, StringComparison.Ordinal).Replace("MEDIA", media, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/api/v1/jobs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Unknown_job_is_a_404_problem()
    {
        using var http = farm.Client();
        foreach (var response in new[]
        {
            await http.GetAsync("/api/v1/jobs/no-such-job-000000000000"),
            await http.GetAsync("/api/v1/jobs/no-such-job-000000000000/segments"),
            await http.PostAsync("/api/v1/jobs/no-such-job-000000000000/cancel", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("no-such-job-000000000000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_list_parameters_are_400_problems()
    {
        using var http = farm.Client();
        var state = await http.GetAsync("/api/v1/jobs?state=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, state.StatusCode);
        Assert.Equal("state", (await state.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var size = await http.GetAsync("/api/v1/jobs?pageSize=0");
        Assert.Equal("pageSize", (await size.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Silos_lists_the_embedded_silo()
    {
        using var http = farm.Client();
        var silos = await http.GetFromJsonAsync<JsonElement>("/api/v1/silos");
        var silo = Assert.Single(silos.EnumerateArray());
        Assert.Equal("active", silo.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_routes()
    {
        using var http = farm.Client(token: null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/jobs", paths);
        Assert.Contains("/api/v1/jobs/{id}", paths);
        Assert.Contains("/api/v1/jobs/{id}/cancel", paths);
        Assert.Contains("/api/v1/jobs/{id}/segments", paths);
        Assert.Contains("/api/v1/silos", paths);
        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/jobs").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_token_never_appears_in_a_log_line_or_a_response()
    {
        using var http = farm.Client();
        using var wrong = farm.Client(token: "wrong-" + WebFarm.Token);
        var bodies = new List<string>
        {
            await (await http.GetAsync("/api/v1/jobs")).Content.ReadAsStringAsync(),
            await (await http.PostAsJsonAsync("/api/v1/jobs", new { input = "/etc/passwd", output = "/etc/o.mp4" })).Content.ReadAsStringAsync(),
            await (await wrong.GetAsync("/api/v1/jobs")).Content.ReadAsStringAsync(),
            await (await http.GetAsync("/api/v1/jobs/none")).Content.ReadAsStringAsync(),
        };

        Assert.NotEmpty(farm.Logs);
        Assert.DoesNotContain(farm.Logs, line => line.Contains(WebFarm.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(bodies, body => body.Contains(WebFarm.Token, StringComparison.Ordinal));
    }
}
