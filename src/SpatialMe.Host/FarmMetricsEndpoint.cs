using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SpatialMe.Farm.Telemetry;

namespace SpatialMe.Host;

/// <summary>
/// The Prometheus scrape endpoint <c>/metrics</c> (text exposition format): the farm's meter as this process sees it
/// — a silo's own work where the web host runs in a silo (<c>serve</c>, <c>silo --web</c>) or a silo's bare metrics
/// endpoint (<c>silo --metrics</c>). Open like <c>/healthz</c>: it carries counts and timings, never a token, path or
/// connection string (docs/telemetry.md).
/// </summary>
public static class FarmMetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddFarmMetricsEndpoint(this IServiceCollection services, string role)
    {
        FarmMetrics.Publish();
        services.AddOpenTelemetry()
            .ConfigureResource(r => FarmTelemetryHosting.Resource(r, role))
            .WithMetrics(metrics => metrics.AddMeter(FarmTelemetry.SourceName).AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapFarmMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A web application (not started) that serves <c>/metrics</c> on <paramref name="urls"/> for a silo without the web
    /// host, with the silo's probes beside it: <c>/healthz</c> (the process answers) and, given <paramref name="ready"/>,
    /// <c>/readyz</c> (200 while it is true, else 503) — what the Helm chart probes silo pods with.
    /// </summary>
    public static WebApplication Build(string urls, string role, Func<bool>? ready = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        builder.Services.AddFarmMetricsEndpoint(role);
        var app = builder.Build();
        app.MapFarmMetrics();
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" })).ExcludeFromDescription();
        if (ready is not null)
        {
            app.MapGet("/readyz", () => ready()
                    ? Results.Ok(new { status = "ready" })
                    : Results.Problem(title: "Not ready", detail: "this silo is not an active member of its cluster: not joined yet, or shutting down.", statusCode: StatusCodes.Status503ServiceUnavailable))
                .ExcludeFromDescription();
        }

        return app;
    }
}
