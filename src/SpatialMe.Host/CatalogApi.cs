using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Host;

/// <summary>
/// Catalogs over HTTP (docs/api.md): submit a manifest (the same CSV or JSON, checked row by row by the same code as
/// <c>spatialme catalog submit</c>), list them, one catalog's titles, cancel. Bad rows become failed titles unless the
/// request is strict, when nothing is submitted and the 400 lists every bad row.
/// </summary>
public static class CatalogApi
{
    /// <summary>The body of <c>POST /api/v1/catalogs</c>.</summary>
    /// <param name="Id">The catalog id; submitting the same id again adds new titles and resumes failed ones.</param>
    /// <param name="Manifest">The manifest's text: CSV with a header row, or a JSON array of objects (docs/operations.md).</param>
    /// <param name="Name">The manifest's file name, shown with the catalog (default: the id).</param>
    /// <param name="Strict">Submit nothing when any row is bad.</param>
    public sealed record CatalogRequest(string? Id, string? Manifest, string? Name, bool? Strict);

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService(typeof(FarmWebOptions)) as FarmWebOptions
            ?? throw new InvalidOperationException("call AddSpatialMeWeb first.");
        var api = app.MapGroup("/api/v1/catalogs").WithTags("catalogs");
        var reads = api.MapGroup("").AddEndpointFilter(new BearerToken(options, isRead: true));
        var writes = api.MapGroup("").AddEndpointFilter(new BearerToken(options, isRead: false));
        reads.MapGet("", ListAsync).WithName("ListCatalogs").WithSummary("Every catalog submitted to the cluster, newest first, with its titles.");
        writes.MapPost("", SubmitAsync).WithName("SubmitCatalog")
            .WithSummary("Check a manifest row by row and queue its titles; 201 with the catalog. Bad rows become failed titles (strict: 400, nothing submitted).")
            .Accepts<CatalogRequest>("application/json")
            .Produces<CatalogView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        reads.MapGet("/{id}", GetAsync).WithName("GetCatalog").WithSummary("One catalog: counts by state, progress, every title.");
        writes.MapPost("/{id}/cancel", CancelAsync).WithName("CancelCatalog").WithSummary("Cancel every title still queued or running (committed segments are kept).");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CatalogView>>> ListAsync(IClusterClient client, CancellationToken ct)
    {
        var ids = await client.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key).ListCatalogsAsync(ct);
        var views = new List<CatalogView>();
        foreach (var id in ids)
        {
            if (await client.GetGrain<ICatalogGrain>(id).GetStatusAsync(ct) is { } status)
            {
                views.Add(CatalogView.From(status));
            }
        }

        return TypedResults.Ok<IReadOnlyList<CatalogView>>(views);
    }

    private static async Task<Results<Created<CatalogView>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IClusterClient client, FarmWebOptions options, CancellationToken ct)
    {
        CatalogRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CatalogRequest>(request.Body, FarmWeb.Json, ct);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
            return Problems.BadRequest(field, $"the request body is not a valid catalog: {Problems.FirstLine(e.Message)}");
        }

        if (body?.Id is not { Length: > 0 } id)
        {
            return Problems.BadRequest("id", "the catalog needs an id: {\"id\": …, \"manifest\": \"<CSV or JSON text>\"}.");
        }

        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id.Length > 100)
        {
            return Problems.BadRequest("id", $"catalog id '{id}' may only hold letters, digits, '-', '_' and '.' (at most 100).");
        }

        if (string.IsNullOrWhiteSpace(body.Manifest))
        {
            return Problems.BadRequest("manifest", "the manifest is empty; send its CSV (with a header row) or JSON array as a string.");
        }

        var json = body.Manifest.TrimStart().StartsWith('[');
        var (titles, errors) = CatalogManifest.ParseText(body.Manifest, json, options.Locations);
        var rows = errors.Select(e => new { line = e.Line, reason = e.Reason }).ToList();
        if (titles.Count == 0 && errors.Count == 0)
        {
            return Problems.BadRequest("manifest", "the manifest has no titles.");
        }

        if (errors.Count > 0 && body.Strict == true)
        {
            return Problems.BadRequest("manifest", $"{errors.Count} bad row(s); strict: nothing submitted. First: {errors[0]}.", new Dictionary<string, object?> { ["errors"] = rows });
        }

        var status = await client.GetGrain<ICatalogGrain>(id).SubmitAsync(body.Name ?? id, CatalogManifest.Entries(titles, errors), ct);
        return TypedResults.Created($"/api/v1/catalogs/{Uri.EscapeDataString(id)}", CatalogView.From(status));
    }

    private static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> GetAsync(string id, IClusterClient client, CancellationToken ct) =>
        await client.GetGrain<ICatalogGrain>(id).GetStatusAsync(ct) is { } status
            ? TypedResults.Ok(CatalogView.From(status))
            : Problems.NotFound("catalog", id);

    private static async Task<Results<Ok<CatalogView>, ProblemHttpResult>> CancelAsync(string id, IClusterClient client, CancellationToken ct)
    {
        var catalog = client.GetGrain<ICatalogGrain>(id);
        if (await catalog.GetStatusAsync(ct) is null)
        {
            return Problems.NotFound("catalog", id);
        }

        await catalog.CancelAsync(ct);
        return await catalog.GetStatusAsync(ct) is { } status ? TypedResults.Ok(CatalogView.From(status)) : Problems.NotFound("catalog", id);
    }
}
