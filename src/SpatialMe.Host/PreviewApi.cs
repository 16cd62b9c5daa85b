using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Host;

/// <summary>
/// <c>GET /api/v1/jobs/{id}/preview</c>: the job's latest rendered frame as a JPEG, side by side or as an anaglyph, at
/// the width asked for (<see cref="JobPreview"/>). The picture is made in the web process from the small stored frame,
/// so asking for previews never loads a render silo.
/// </summary>
public static class PreviewApi
{
    public const int DefaultWidth = 640;

    public static IEndpointRouteBuilder MapPreviewApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetService(typeof(FarmWebOptions)) as FarmWebOptions
            ?? throw new InvalidOperationException("call AddSpatialMeWeb first.");
        app.MapGroup("/api/v1").WithTags("farm").AddEndpointFilter(new BearerToken(options, isRead: true))
            .MapGet("/jobs/{id}/preview", PreviewAsync).WithName("GetJobPreview")
            .WithSummary($"The job's latest rendered frame as JPEG: ?format=sbs|anaglyph (default sbs), ?width={JobPreview.MinWidth}-{JobPreview.MaxWidth} (default {DefaultWidth}, the whole picture).")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PreviewAsync(
        string id, string? format, int? width, IClusterClient client, CancellationToken ct)
    {
        var layout = (format ?? "sbs").ToLowerInvariant();
        if (!JobPreview.Layouts.Contains(layout))
        {
            return Problems.BadRequest("format", $"preview format '{format}' is unknown; one of: {string.Join(", ", JobPreview.Layouts)}.");
        }

        var pixels = width ?? DefaultWidth;
        if (pixels is < JobPreview.MinWidth or > JobPreview.MaxWidth)
        {
            return Problems.BadRequest("width", $"width must be {JobPreview.MinWidth}-{JobPreview.MaxWidth}, got {pixels}.");
        }

        var job = client.GetGrain<IFilmJobGrain>(id);
        if (await job.GetStatusAsync(ct) is null)
        {
            return Problems.NotFound("job", id);
        }

        if (await job.GetPreviewAsync(ct) is not { } stored)
        {
            return Problems.NotFound($"job '{id}' has no rendered frame yet.");
        }

        var jpeg = await Task.Run(() => JobPreview.Render(stored, layout, pixels), ct);
        return TypedResults.File(jpeg, "image/jpeg");
    }
}
