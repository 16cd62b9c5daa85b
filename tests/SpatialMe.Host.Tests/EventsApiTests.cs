using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary><c>GET /api/v1/events</c> (Server-Sent Events) over a real embedded farm converting a real clip.</summary>
public sealed class EventsApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_submitted_clip_streams_progress_to_done_with_increasing_ids_and_a_reconnect_resumes_after_its_last_id()
    {
        using var http = farm.Client();
        using var live = await EventStreamReader.OpenAsync(http, "/api/v1/events");
        Assert.Equal(HttpStatusCode.OK, live.Response.StatusCode);
        Assert.Equal("text/event-stream", live.Response.Content.Headers.ContentType?.MediaType);

        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "events-clip");
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = Path.Combine(farm.Media, "events-clip.sbs.mp4") });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var seen = new List<SseEvent>();
        var deadline = DateTime.UtcNow + Patience;
        while (!seen.Any(e => e.Type == "job.state" && e.Job == id && e.State == "done") && DateTime.UtcNow < deadline)
        {
            if (await live.NextAsync(Patience) is { } e)
            {
                seen.Add(e);
            }
        }

        var ids = seen.Select(e => e.Id!.Value).ToList();
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.Second > p.First), string.Join(" ", ids));
        var mine = seen.Where(e => e.Job == id).ToList();
        Assert.True(mine.Any(e => e.Type == "job.state" && e.State == "done"), string.Join("\n", seen.Select(e => e.Type + " " + e.Data)));
        var progress = mine.Where(e => e.Type == "job.progress").Select(e => e.Data).ToList();
        Assert.True(progress.Count >= 2, string.Join("\n", progress));
        var shares = progress.Select(p => p.GetProperty("progress").GetDouble()).ToList();
        Assert.True(shares.Zip(shares.Skip(1)).All(p => p.Second >= p.First), string.Join(" ", shares));
        // At most one progress event per job per 250 ms (the last may come sooner: a state change releases it).
        var times = progress.Select(p => p.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.All(times.Zip(times.Skip(1)).SkipLast(1), p => Assert.True(p.Second - p.First >= TimeSpan.FromMilliseconds(240), $"{p.First:O} {p.Second:O}"));
        var last = progress[^1];
        Assert.Equal(1.0, last.GetProperty("progress").GetDouble(), 3);
        Assert.Equal(25, last.GetProperty("framesTotal").GetInt32());
        Assert.Equal(25, last.GetProperty("framesDone").GetInt32());
        Assert.True(last.TryGetProperty("fps", out _) && last.TryGetProperty("stage", out _));
        Assert.Contains(mine, e => e.Type == "segment.stage" && e.Data.GetProperty("stage").GetString() == "done" && e.Data.TryGetProperty("silo", out _));

        // A reconnect with the id of an event in the middle gets exactly the later events of this job, in order.
        var middle = mine[mine.Count / 2];
        using var resumed = await EventStreamReader.OpenAsync(http, $"/api/v1/events?job={Uri.EscapeDataString(id)}", middle.Id);
        var expected = mine.Where(e => e.Id > middle.Id).Select(e => e.Id).ToList();
        var replayed = new List<long?>();
        while (replayed.Count < expected.Count && await resumed.NextAsync(TimeSpan.FromSeconds(10)) is { } e)
        {
            replayed.Add(e.Id);
            Assert.Equal(id, e.Job);
        }

        Assert.Equal(expected, replayed);
    }

    [Fact]
    public async Task An_id_older_than_the_kept_events_gets_a_reset_that_carries_the_id_to_resume_from()
    {
        using var http = farm.Client();
        using var stream = await EventStreamReader.OpenAsync(http, "/api/v1/events", lastEventId: 1);
        var first = await stream.NextAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(first);
        Assert.Equal("reset", first.Type);
        Assert.True(first.Id > 1, first.Data.ToString());
        Assert.Contains("older", first.Data.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_needs_the_token_or_the_session_cookie_and_never_shows_the_token()
    {
        using var none = farm.Client(token: null);
        using (var refused = await EventStreamReader.OpenAsync(none, "/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
            Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType?.MediaType);
        }

        using (var wrong = farm.Client(token: WebFarm.Token + "x"))
        using (var refused = await EventStreamReader.OpenAsync(wrong, "/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        }

        // A browser: the session call (with the token) sets the cookie, and EventSource (no headers) is let in with it.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = farm.BaseAddress };
        using (var session = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events/session"))
        {
            session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebFarm.Token);
            var answer = await browser.SendAsync(session);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            var setCookie = string.Join(";", answer.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(WebFarm.Token, setCookie, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/api/v1/events/session", null)).StatusCode);
        using (var open = await EventStreamReader.OpenAsync(browser, "/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.OK, open.Response.StatusCode);
        }

        cookies.Add(farm.BaseAddress, new Cookie(FarmEventsApi.CookieName, "00") { Path = "/api/v1/events" });
        using (var forged = await EventStreamReader.OpenAsync(browser, "/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.Response.StatusCode);
        }

        Assert.DoesNotContain(farm.Logs, line => line.Contains(WebFarm.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(farm.Logs, line => line.Contains(FarmEventsApi.CookieValue(WebFarm.Token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_retry_and_event_routes()
    {
        using var http = farm.Client(token: null);
        var paths = (await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/jobs/{id}/retry").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/events").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/events/session").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task A_bad_last_event_id_is_a_400_problem()
    {
        using var http = farm.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", "yesterday");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Last-Event-ID", problem.GetProperty("field").GetString());
    }
}
