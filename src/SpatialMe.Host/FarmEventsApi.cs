using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Events;

namespace SpatialMe.Host;

/// <summary>
/// <c>GET /api/v1/events</c>: the farm's live events as Server-Sent Events (docs/api.md), pushed from the farm through
/// <see cref="FarmEventHub"/>. A browser's <c>EventSource</c> cannot send an <c>Authorization</c> header, so the
/// stream also takes a cookie that <c>POST /api/v1/events/session</c> sets for a caller with the token — not the token
/// in the query string, which request logs and proxies would write down.
/// </summary>
public static class FarmEventsApi
{
    /// <summary>The stream's cookie (HttpOnly, SameSite=Strict, path <c>/api/v1/events</c>).</summary>
    public const string CookieName = "spatialme_events";

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapFarmEvents(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService(typeof(FarmWebOptions)) as FarmWebOptions
            ?? throw new InvalidOperationException("call AddSpatialMeWeb first.");
        var api = app.MapGroup("/api/v1").WithTags("events");
        api.MapGet("/events", StreamAsync).WithName("Events")
            .AddEndpointFilter(new BearerToken(options, isRead: true, acceptsEventCookie: true))
            .WithSummary("Live events (text/event-stream): job.progress, job.state, job.qc, segment.stage, segment.failed, silo.joined, silo.left, cluster.sample, reset. "
                + "Last-Event-ID resumes; ?job= keeps one job's events. Token: the bearer header, or the cookie from POST /api/v1/events/session.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/events/session", OpenSession).WithName("CreateEventsSession")
            .AddEndpointFilter(new BearerToken(options, isRead: false))
            .WithSummary("Sets the cookie that lets a browser's EventSource (which cannot send headers) open /api/v1/events; 204.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>
    /// The cookie's value for <paramref name="token"/>: an HMAC of a fixed label under the token, so the cookie never
    /// carries the token itself, is the same on every web host with that token, and dies with it.
    /// </summary>
    public static string CookieValue(string token) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "spatialme-events-cookie-v1"u8));

    private static NoContent OpenSession(HttpContext http, FarmWebOptions options)
    {
        // One cookie per path a browser reads without headers: the event stream and the Orleans Dashboard.
        foreach (var path in new[] { "/api/v1/events", OrleansDashboardMount.Path })
        {
            http.Response.Cookies.Append(CookieName, CookieValue(options.ApiToken!), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = path,
            });
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> StreamAsync(
        HttpContext http, FarmEventHub hub, FarmWebOptions options, IHostApplicationLifetime lifetime, string? job, long? lastEventId, CancellationToken ct)
    {
        // EventSource sends Last-Event-ID on its own reconnects; ?lastEventId= serves a page that kept the id itself.
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        long? last = lastEventId;
        if (header.Length > 0)
        {
            if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.Problem(title: "Bad Request", detail: $"Last-Event-ID '{header}' is not an event id (a whole number).", statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["field"] = "Last-Event-ID" });
            }

            last = parsed;
        }

        if (job is { Length: 0 })
        {
            return TypedResults.Problem(title: "Bad Request", detail: "job is empty; give a job id or leave ?job= out.", statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = "job" });
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        using var stream = hub.Open(last);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
        await response.WriteAsync("retry: 3000\n\n", stopping.Token);
        await response.Body.FlushAsync(stopping.Token);
        try
        {
            Task<bool>? waiting = null;
            while (!stopping.IsCancellationRequested)
            {
                waiting ??= stream.Events.WaitToReadAsync(stopping.Token).AsTask();
                var beat = Task.Delay(options.EventHeartbeat, stopping.Token);
                if (await Task.WhenAny(waiting, beat) == beat)
                {
                    await response.WriteAsync(": heartbeat\n\n", stopping.Token); // keeps proxies from closing an idle stream
                    await response.Body.FlushAsync(stopping.Token);
                    continue;
                }

                if (!await waiting)
                {
                    break; // closed: the server stops, or this browser fell too far behind
                }

                waiting = null;
                var text = new StringBuilder();
                while (stream.Events.TryRead(out var e))
                {
                    // Silo and cluster events name no job, so a ?job= stream leaves them out.
                    if (job is null || e.Type == FarmEventTypes.Reset || e.IsAbout(job))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(e, EventJson)}\n\n");
                    }
                }

                if (text.Length > 0)
                {
                    await response.WriteAsync(text.ToString(), stopping.Token);
                    await response.Body.FlushAsync(stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The browser went away, or the server stops.
        }

        return TypedResults.Empty;
    }
}
