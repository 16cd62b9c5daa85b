using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SpatialMe.Farm.Cluster;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;

namespace SpatialMe.Host;

/// <summary>
/// The REST API under <c>/api/v1</c> (docs/api.md): jobs (list, submit, get, cancel, segments), silos and the
/// cluster's history. Errors are RFC 7807 problem details whose <c>detail</c> says what was wrong (and <c>field</c>,
/// where one request field was).
/// Mutating calls need the bearer token; reads too, unless <see cref="FarmWebOptions.AnonymousReads"/>.
/// </summary>
public static class FarmApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The most minutes of cluster history one can ask for: the hour the silo stats grain keeps.</summary>
    public const int MaxHistoryMinutes = 60;

    public static IEndpointRouteBuilder MapFarmApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService(typeof(FarmWebOptions)) as FarmWebOptions
            ?? throw new InvalidOperationException("call AddSpatialMeWeb first.");
        var api = app.MapGroup("/api/v1").WithTags("farm");
        var reads = api.MapGroup("").AddEndpointFilter(new BearerToken(options, isRead: true));
        var writes = api.MapGroup("").AddEndpointFilter(new BearerToken(options, isRead: false));

        reads.MapGet("/jobs", ListJobsAsync).WithName("ListJobs")
            .WithSummary("Jobs, newest first: ?state=queued|running|done|failed|cancelled, ?page= (from 1), ?pageSize= (1-500, default 50).");
        writes.MapPost("/jobs", SubmitAsync).WithName("SubmitJob")
            .WithSummary("Queue a conversion; 201 with the job and its Location. Submitting the same job again answers the existing one.")
            .Accepts<JobRequest>("application/json")
            .Produces<JobView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        reads.MapGet("/jobs/{id}", GetJobAsync).WithName("GetJob").WithSummary("One job: state, progress, frames, rate, ETA, output, error.");
        reads.MapGet("/jobs/{id}/segments", GetSegmentsAsync).WithName("GetJobSegments")
            .WithSummary("A job's segments: shot, input frame range [start, end), stage, silo, attempts, failure reason.");
        writes.MapPost("/jobs/{id}/cancel", CancelAsync).WithName("CancelJob")
            .WithSummary("Cancel a queued or running job; committed segments are kept (submitting it again resumes it).");
        writes.MapPut("/jobs/{id}/priority", SetPriorityAsync).WithName("SetJobPriority")
            .WithSummary("Change a queued job's priority: {\"priority\": n} (higher runs first); 409 once the job has left the queue.")
            .Accepts<PriorityRequest>("application/json");
        writes.MapPost("/jobs/{id}/retry", RetryAsync).WithName("RetryJob")
            .WithSummary("Run a failed job's failed segments (and its stitch, if that failed) again, keeping every committed segment; 409 when there is nothing to retry.");
        reads.MapGet("/silos", SilosAsync).WithName("ListSilos")
            .WithSummary("The cluster's active silos: address, name, host, status, start, role, GPU slots, busy slots, frames/s (last 30 s), frames rendered, version.");
        reads.MapGet("/cluster/history", HistoryAsync).WithName("GetClusterHistory")
            .WithSummary("The cluster sampled every 5 s, oldest first: silos, GPU silos, GPU slots, busy slots, render and depth frames/s; ?minutes= (1-60, default 60).")
            .Produces<IReadOnlyList<ClusterSample>>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        QualityApi.Map(reads);
        return app;
    }

    /// <summary>The body of <c>PUT /api/v1/jobs/{id}/priority</c>.</summary>
    public sealed record PriorityRequest(int? Priority);

    /// <summary>A page of jobs.</summary>
    public sealed record JobPage(IReadOnlyList<JobView> Items, int Page, int PageSize, int Total);

    /// <summary>
    /// One silo of the cluster: the membership's view, and what the silo last reported of itself (null until its first
    /// report, a few seconds after it joined): role, GPU slots, slots busy now, recent frames/s, frames rendered, version.
    /// </summary>
    public sealed record SiloView(
        string Address,
        string Name,
        string HostName,
        string Status,
        DateTime StartedAt,
        string? Role = null,
        int? GpuSlots = null,
        int? BusySlots = null,
        double? FramesPerSecond = null,
        double? DepthFramesPerSecond = null,
        long? FramesRendered = null,
        string? Version = null,
        DateTimeOffset? ReportedAt = null);

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListJobsAsync(
        IClusterClient client, string? state, int? page, int? pageSize, CancellationToken ct)
    {
        var wanted = (JobState?)null;
        if (state is not null)
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || parsed.ToApiName() != state.ToLowerInvariant())
            {
                return BadRequest("state", $"state '{state}' is unknown; one of: {string.Join(", ", Enum.GetValues<JobState>().Select(s => s.ToApiName()))}.");
            }

            wanted = parsed;
        }

        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (number < 1)
        {
            return BadRequest("page", $"page must be 1 or more, got {number}.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            return BadRequest("pageSize", $"pageSize must be 1-{MaxPageSize}, got {size}.");
        }

        var jobs = await Coordinator(client).ListJobsAsync(ct);
        var matching = jobs.Where(j => wanted is null || j.State == wanted).ToList();
        var items = matching.Skip((number - 1) * size).Take(size).Select(JobView.From).ToList();
        return TypedResults.Ok(new JobPage(items, number, size, matching.Count));
    }

    private static async Task<Results<Created<JobView>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IClusterClient client, FarmWebOptions options, CancellationToken ct)
    {
        JobRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JobRequest>(request.Body, FarmWeb.Json, ct);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
            return BadRequest(field, $"the request body is not a valid job: {FirstLine(e.Message)}");
        }

        if (body is null)
        {
            return BadRequest(null, "the request body is empty; send a JSON job: {\"input\": …, \"output\": …}.");
        }

        JobSpec spec;
        try
        {
            spec = body.ToSpec(options.Locations, options.Trusted);
        }
        catch (JobRequestException e)
        {
            return BadRequest(e.Field, e.Message);
        }

        if (options.SeesLocalFiles && Path.IsPathFullyQualified(spec.Input) && !File.Exists(spec.Input))
        {
            return BadRequest("input", $"input '{spec.Input}' does not exist.");
        }

        var id = await options.JobId(spec, ct);
        try
        {
            var status = await Coordinator(client).SubmitAsync(id, spec, ct);
            return TypedResults.Created($"/api/v1/jobs/{Uri.EscapeDataString(id)}", JobView.From(status));
        }
        catch (ArgumentException e)
        {
            // The coordinator checks again with its own settings (they are the ones that count).
            return BadRequest(null, e.Message);
        }
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJobAsync(string id, IClusterClient client, CancellationToken ct) =>
        await client.GetJobStatusAsync(id, ct) is { } status ? TypedResults.Ok(JobView.From(status)) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<SegmentView>>, ProblemHttpResult>> GetSegmentsAsync(string id, IClusterClient client, CancellationToken ct) =>
        await client.GetGrain<IFilmJobGrain>(id).GetStatusAsync(ct) is { } status
            ? TypedResults.Ok<IReadOnlyList<SegmentView>>([.. status.Segments.Select(SegmentView.From)])
            : NotFound(id);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> CancelAsync(string id, IClusterClient client, CancellationToken ct)
    {
        try
        {
            await Coordinator(client).CancelAsync(id, ct);
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }

        return await client.GetJobStatusAsync(id, ct) is { } status ? TypedResults.Ok(JobView.From(status)) : NotFound(id);
    }

    private static async Task<Ok<IReadOnlyList<SiloView>>> SilosAsync(IClusterClient client, CancellationToken ct)
    {
        _ = ct;
        var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var reports = (await client.GetGrain<ISiloStatsGrain>(ISiloStatsGrain.Key).ListAsync()).ToDictionary(r => r.Silo);
        return TypedResults.Ok<IReadOnlyList<SiloView>>([.. hosts.Select(h =>
        {
            var view = new SiloView(h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString().ToLowerInvariant(), h.StartTime);
            return reports.TryGetValue(h.SiloAddress.ToParsableString(), out var r)
                ? view with
                {
                    Role = r.Role,
                    GpuSlots = r.GpuSlots,
                    BusySlots = r.BusySlots,
                    FramesPerSecond = Math.Round(r.FramesPerSecond, 2),
                    DepthFramesPerSecond = Math.Round(r.DepthFramesPerSecond, 2),
                    FramesRendered = r.FramesRendered,
                    Version = r.Version,
                    ReportedAt = r.ReportedAt,
                }
                : view;
        })]);
    }

    private static async Task<Results<Ok<IReadOnlyList<ClusterSample>>, ProblemHttpResult>> HistoryAsync(IClusterClient client, int? minutes)
    {
        var span = minutes ?? MaxHistoryMinutes;
        if (span is < 1 or > MaxHistoryMinutes)
        {
            return BadRequest("minutes", $"minutes must be 1-{MaxHistoryMinutes} (the cluster history keeps the last hour), got {span}.");
        }

        return TypedResults.Ok(await client.GetGrain<ISiloStatsGrain>(ISiloStatsGrain.Key).HistoryAsync(TimeSpan.FromMinutes(span)));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> SetPriorityAsync(string id, PriorityRequest? body, IClusterClient client, CancellationToken ct)
    {
        if (body?.Priority is not { } priority)
        {
            return BadRequest("priority", "give the new priority as JSON: {\"priority\": <integer>}.");
        }

        try
        {
            return TypedResults.Ok(JobView.From(await Coordinator(client).SetPriorityAsync(id, priority, ct)));
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Problem(title: "Conflict", detail: ex.Message, statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> RetryAsync(string id, IClusterClient client, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(JobView.From(await Coordinator(client).RetryAsync(id, ct)));
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (InvalidOperationException ex)
        {
            return Conflict(ex.Message);
        }
    }

    private static ProblemHttpResult Conflict(string detail) => Problems.Conflict(detail);

    private static ICoordinatorGrain Coordinator(IClusterClient client) => client.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound("job", id);

    private static ProblemHttpResult BadRequest(string? field, string detail) => Problems.BadRequest(field, detail);

    private static string FirstLine(string message) => Problems.FirstLine(message);
}
