using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Host;

/// <summary>
/// A job's stereo QC report (docs/qc.md) under the API's read routes: <c>GET /api/v1/jobs/{id}/qc</c> (JSON) and
/// <c>GET /api/v1/jobs/{id}/qc.html</c> (the self-contained page). 404 for an unknown job; 409 while there is no report
/// — the job is not done yet, the report is being made (<c>qcState</c> pending: ask again), or its analysis failed
/// (<c>qcState</c> failed, the reason in <c>detail</c>).
/// </summary>
public static class QualityApi
{
    public static void Map(RouteGroupBuilder reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        reads.MapGet("/jobs/{id}/qc", (string id, IClusterClient client, CancellationToken ct) => ReportAsync(id, QualityReportFormat.Json, client, ct))
            .WithName("GetJobQc")
            .WithSummary("The job's stereo QC report (JSON): parallax range, depth budget, window violations, disocclusion, flicker, seams; per shot and per frame. 409 until it is made.")
            .Produces<StereoQualityReport>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        reads.MapGet("/jobs/{id}/qc.html", (string id, IClusterClient client, CancellationToken ct) => ReportAsync(id, QualityReportFormat.Html, client, ct))
            .WithName("GetJobQcHtml")
            .WithSummary("The job's stereo QC report as one self-contained HTML page with plots. 409 until it is made.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReportAsync(string id, QualityReportFormat format, IClusterClient client, CancellationToken ct)
    {
        var grain = client.GetGrain<IFilmJobGrain>(id);
        if (await grain.GetStatusAsync(ct) is not { } status)
        {
            return Problems.NotFound("job", id);
        }

        var quality = status.Quality;
        if (quality?.State == QualityState.Done && await grain.GetQualityReportAsync(format, ct) is { } report)
        {
            return TypedResults.Content(report, format == QualityReportFormat.Html ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
        }

        var detail = quality switch
        {
            null => $"job '{id}' is {status.State.ToApiName()}: its QC report is made once it is done.",
            { State: QualityState.Pending } => $"job '{id}' is done and its QC report is being made; ask again shortly.",
            { State: QualityState.Failed } => $"the QC of job '{id}' failed: {quality.Error}",
            _ => $"the QC report of job '{id}' is missing from the media store.",
        };
        return TypedResults.Problem(
            title: "Conflict",
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["qcState"] = quality?.StateName ?? "none" });
    }
}
