using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SpatialMe.Farm.Telemetry;

/// <summary>
/// Turns on the farm's telemetry in a host (docs/telemetry.md): its traces and metrics, named by a resource
/// (<c>service.name</c> spatialme-farm, <c>service.version</c>, the silo role), exported over OTLP where the standard
/// <c>OTEL_*</c> variables name a collector (<see cref="OtlpEndpointVariable"/>); without one nothing is exported and
/// nothing complains. Other exporters (Prometheus on the web host, the tests' in-memory one) are added by the caller.
/// </summary>
public static class FarmTelemetryHosting
{
    /// <summary>The variable that turns OTLP export on (the exporter itself reads it and the other <c>OTEL_EXPORTER_OTLP_*</c> settings).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Set to <c>true</c>, Orleans' own grain-call spans join the traces (many: every poll is a call).</summary>
    public const string GrainCallsVariable = "SPATIALME_TRACE_GRAIN_CALLS";

    /// <summary>The activity sources Orleans' activity propagation writes grain calls to.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static bool OtlpConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));

    /// <summary>The resource every farm process reports: the service, its version, and <paramref name="role"/> (cpu, gpu or web).</summary>
    public static ResourceBuilder Resource(ResourceBuilder resource, string role) => resource
        .AddService(FarmTelemetry.ServiceName, serviceVersion: FarmTelemetry.Version)
        .AddAttributes([new KeyValuePair<string, object>(FarmTelemetry.RoleAttribute, role)]);

    /// <summary>
    /// Traces, metrics and (with OTLP) logs of a silo host in role <paramref name="role"/>. Register it once per
    /// process that runs silos: every provider listens process-wide.
    /// </summary>
    public static IHostApplicationBuilder AddFarmTelemetry(this IHostApplicationBuilder builder, string role)
    {
        // The SDK reads the OTEL_* settings from the host's configuration; the farm's hosts are built without the
        // default sources (no environment variables at all), so exactly these are added.
        builder.Configuration.AddInMemoryCollection(OtelVariables());
        builder.Services.AddFarmTelemetry(builder.Logging, role);
        return builder;
    }

    /// <summary>The process's <c>OTEL_*</c> environment variables.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> OtelVariables() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, (string?)e.Value))
            .Where(e => e.Key.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToList();

    /// <inheritdoc cref="AddFarmTelemetry(IHostApplicationBuilder, string)"/>
    /// <remarks>The host's configuration must carry the <c>OTEL_*</c> settings (<see cref="OtelVariables"/>).</remarks>
    public static IServiceCollection AddFarmTelemetry(this IServiceCollection services, ILoggingBuilder logging, string role)
    {
        FarmMetrics.Publish();
        var otlp = OtlpConfigured;
        var grainCalls = string.Equals(Environment.GetEnvironmentVariable(GrainCallsVariable), "true", StringComparison.OrdinalIgnoreCase);
        services.AddOpenTelemetry()
            .ConfigureResource(r => Resource(r, role))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FarmTelemetry.SourceName);
                if (grainCalls)
                {
                    tracing.AddSource(OrleansSources);
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FarmTelemetry.SourceName);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Log records carry the trace and span of the activity they were written in.
            logging.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(Resource(ResourceBuilder.CreateDefault(), role));
                o.AddOtlpExporter();
            });
        }

        return services;
    }
}
