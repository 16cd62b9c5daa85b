using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary><c>POST /api/v1/jobs/{id}/retry</c> over a real embedded farm: a real failure, then a retry that recovers.</summary>
public sealed class RetryApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task A_job_whose_stitch_failed_is_retried_to_done_without_redoing_its_committed_segments()
    {
        // A real failure: the output's folder does not exist, so every stitch attempt fails; the segments commit.
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "retry-clip");
        var folder = Path.Combine(farm.Media, "not-yet");
        var output = Path.Combine(folder, "retry-clip.sbs.mp4");
        using var http = farm.Client();
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var failed = await WaitEndAsync(http, id);
        Assert.True(failed.GetProperty("state").GetString() == "failed", failed.ToString());
        Assert.Contains("does not exist", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var before = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/segments");
        Assert.All(before.EnumerateArray(), s => Assert.Equal("done", s.GetProperty("stage").GetString()));

        Directory.CreateDirectory(folder);
        var retried = await http.PostAsync($"/api/v1/jobs/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains((await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString(), new[] { "queued", "running" });

        var done = await WaitEndAsync(http, id);
        Assert.True(done.GetProperty("state").GetString() == "done", done.ToString());
        Assert.Equal(25, TestClips.CountDecodedFrames(output));

        // Committed segments were kept: no segment started another attempt.
        var after = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/segments");
        Assert.Equal(
            before.EnumerateArray().Select(s => s.GetProperty("attempts").GetInt32()),
            after.EnumerateArray().Select(s => s.GetProperty("attempts").GetInt32()));

        // A done job has nothing to retry.
        var again = await http.PostAsync($"/api/v1/jobs/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nothing to retry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_of_an_unknown_job_is_404_and_needs_the_token()
    {
        using var http = farm.Client();
        var unknown = await http.PostAsync("/api/v1/jobs/no-such-job-000000000000/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-job-000000000000", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var none = farm.Client(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PostAsync("/api/v1/jobs/no-such-job-000000000000/retry", null)).StatusCode);
    }

    private static async Task<JsonElement> WaitEndAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        var job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        while (job.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        }

        return job;
    }
}
