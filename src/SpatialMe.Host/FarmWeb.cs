using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpatialMe.Host.Dashboard;

namespace SpatialMe.Host;

/// <summary>
/// The farm's web host: <c>/healthz</c>, <c>/readyz</c>, the REST API under <c>/api/v1</c> (<see cref="FarmApi"/>)
/// and its OpenAPI document at <c>/openapi/v1.json</c>, over an Orleans cluster client — the embedded silo's own
/// client (<c>spatialme serve</c>) or a client that joined a cluster (<c>spatialme web</c>).
/// </summary>
public static class FarmWeb
{
    /// <summary>The JSON the API reads and writes: camelCase, and a request with an unknown field is refused (a typo is not ignored).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A web application (not started) serving <paramref name="client"/>'s farm on <paramref name="urls"/>.</summary>
    /// <param name="logging">Where its logs go (none by default); request logs never carry headers, so never the token.</param>
    public static WebApplication Build(IClusterClient client, FarmWebOptions options, string urls = FarmWebOptions.DefaultUrls, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSpatialMeWeb(client, options);
        var app = builder.Build();
        app.MapSpatialMeWeb();
        return app;
    }

    /// <summary>The services the endpoints need: the cluster client, the options, problem details and OpenAPI.</summary>
    public static IServiceCollection AddSpatialMeWeb(this IServiceCollection services, IClusterClient client, FarmWebOptions options)
    {
        services.AddSingleton(client);
        services.AddSingleton<IGrainFactory>(client);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<FarmEventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<FarmEventHub>());
        services.AddOrleansDashboardOf(client);
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        services.AddFarmMetricsEndpoint(FarmWebOptions.WebRole);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        return services;
    }

    /// <summary>Maps the health checks, the API and the OpenAPI document.</summary>
    public static WebApplication MapSpatialMeWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealth();
        app.MapFarmMetrics();
        app.MapFarmApi();
        app.MapFarmEvents();
        app.MapCatalogApi();
        app.MapPreviewApi();
        app.MapDashboard();
        app.MapOrleansDashboardPage(app.Services.GetRequiredService<IClusterClient>(), app.Services.GetRequiredService<FarmWebOptions>(), new BearerToken(app.Services.GetRequiredService<FarmWebOptions>(), isRead: true, acceptsEventCookie: true));
        return app;
    }

    private static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }))
            .WithName("Healthz").WithSummary("The process is alive.").ExcludeFromDescription();
        app.MapGet("/readyz", async (IClusterClient client, CancellationToken ct) =>
            {
                // The coordinator answers from its grain state: a reply means the cluster is joined and storage reachable.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    await client.GetGrain<Farm.Grains.ICoordinatorGrain>(Farm.Grains.ICoordinatorGrain.Key).ListJobsAsync(timeout.Token);
                    return Results.Ok(new { status = "ready" });
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The exception's type only: its message could name a connection.
                    return Results.Problem(
                        title: "Not ready",
                        detail: $"the farm cluster did not answer ({e.GetType().Name}): not joined yet, or its storage is unreachable.",
                        statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithName("Readyz").WithSummary("Joined the cluster, storage reachable.").ExcludeFromDescription();
    }
}
