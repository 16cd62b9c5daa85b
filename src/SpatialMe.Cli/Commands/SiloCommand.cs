using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme silo</c>: runs one farm silo of a cluster until stopped (Ctrl-C or SIGTERM: a graceful stop).</summary>
public static class SiloCommand
{
    public static Command Build()
    {
        var connection = new ClusterConnection();
        var role = new Option<string?>("--role") { Description = "gpu (takes depth and render work) or cpu (coordination, stitching). Default cpu. Env: SPATIALME_ROLE." };
        role.AcceptOnlyFromAmong("gpu", "cpu");
        var slots = new Option<int?>("--gpu-slots") { Description = $"Depth/render units this silo runs at once (default {FarmOptions.DefaultGpuSlots}). Env: SPATIALME_GPU_SLOTS." };
        var media = new Option<string?>("--media")
        {
            Description = "The media store all silos share for intermediate results: a folder, or a blob container URI in the SPATIALME_BLOB account. Env: SPATIALME_MEDIA.",
        };
        var work = new Option<string?>("--work") { Description = "This silo's scratch and blob-cache folder (default ~/.cache/spatialme/work-<silo port>). Env: SPATIALME_WORK." };
        var allowRoot = new Option<string[]>("--allow-root")
        {
            Description = "A local folder jobs may read inputs from and write outputs to (repeat for several; none: any full path). Env: SPATIALME_ALLOW_ROOTS (':'-separated).",
            AllowMultipleArgumentsPerToken = false,
        };
        var allowScheme = new Option<string[]>("--allow-scheme")
        {
            Description = "A URI scheme inputs and outputs may use (default https; the blob account's own scheme is always allowed). Env: SPATIALME_ALLOW_SCHEMES (','-separated).",
        };
        var address = new Option<string?>("--address") { Description = "IP address other silos reach this one at (default 127.0.0.1). Env: SPATIALME_ADDRESS." };
        var siloPort = new Option<int?>("--silo-port") { Description = $"Silo-to-silo port (default {ClusterSettings.DefaultSiloPort}). Env: SPATIALME_SILO_PORT." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = $"Client gateway port (default {ClusterSettings.DefaultGatewayPort}). Env: SPATIALME_GATEWAY_PORT." };
        var fallback = new Option<bool>("--allow-cpu-fallback") { Description = "Let CPU silos take depth and render work while no GPU silo is usable. Env: SPATIALME_ALLOW_CPU_FALLBACK=true." };
        var benchmark = new Option<int?>("--benchmark-stage-ms")
        {
            Description = "Benchmark mode: depth and view synthesis each take this many ms per frame instead of computing (outputs are not stereo; tools/bench-farm.sh). Env: SPATIALME_BENCHMARK_STAGE_MS.",
        };
        var web = new Option<string?>("--web")
        {
            Description = "Also serve the web host and REST API from this silo at this URL (e.g. http://127.0.0.1:8080; docs/api.md). "
                + "Calls need the bearer token from SPATIALME_API_TOKEN.",
        };
        var metrics = new Option<string?>("--metrics")
        {
            Description = "Serve this silo's Prometheus metrics at <url>/metrics (e.g. http://0.0.0.0:9464; docs/telemetry.md), and its probes at /healthz and "
                + "/readyz (200 while the silo is an active cluster member); --web serves /metrics too. "
                + "Env: SPATIALME_METRICS.",
        };
        var command = new Command("silo", "Run a farm silo that joins a cluster through Redis (membership, grain state, reminders) and shares a media store.")
        {
            role, slots, media, work, address, siloPort, gatewayPort, fallback, allowRoot, allowScheme, benchmark, web, metrics,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var settings = connection.Read(parse);
                settings.Media = parse.GetValue(media) ?? ClusterConnection.Env("MEDIA") ?? settings.Media;
                settings.Work = parse.GetValue(work) ?? ClusterConnection.Env("WORK") ?? settings.Work;
                if ((parse.GetValue(benchmark) ?? ClusterConnection.EnvInt("BENCHMARK_STAGE_MS")) is { } stageMs)
                {
                    settings.Farm.BenchmarkStageTime = TimeSpan.FromMilliseconds(stageMs);
                }

                if (parse.GetValue(allowRoot) is { Length: > 0 } roots)
                {
                    settings.Farm.AllowedRoots = [.. roots];
                }

                if (parse.GetValue(allowScheme) is { Length: > 0 } schemes)
                {
                    settings.Farm.AllowedSchemes = [.. schemes];
                }

                settings.Address = parse.GetValue(address) ?? ClusterConnection.Env("ADDRESS") ?? settings.Address;
                settings.SiloPort = parse.GetValue(siloPort) ?? ClusterConnection.EnvInt("SILO_PORT") ?? settings.SiloPort;
                settings.GatewayPort = parse.GetValue(gatewayPort) ?? ClusterConnection.EnvInt("GATEWAY_PORT") ?? settings.GatewayPort;
                settings.Farm.Role = parse.GetValue(role) ?? ClusterConnection.Env("ROLE") ?? settings.Farm.Role;
                settings.Farm.GpuSlots = parse.GetValue(slots) ?? ClusterConnection.EnvInt("GPU_SLOTS") ?? settings.Farm.GpuSlots;
                settings.Farm.AllowCpuFallback = parse.GetValue(fallback) || ClusterConnection.Env("ALLOW_CPU_FALLBACK") == "true" || settings.Farm.AllowCpuFallback;
                using var host = ClusterHosts.BuildSilo(settings, logging => logging.AddProvider(new FileLoggerProvider(System.Console.Out, LogLevel.Information)));
                await host.StartAsync(ct);
                System.Console.Out.WriteLine(
                    $"silo ready: role {settings.Farm.Role}, {settings.Farm.GpuSlots} GPU slot(s), silo {settings.Address}:{settings.SiloPort}, "
                    + $"gateway {settings.GatewayPort}, cluster {settings.ClusterId}, redis {settings.RedisForDisplay}, media {ClusterHosts.MediaForDisplay(settings)}");
                if (settings.Farm.BenchmarkStageTime is { } fixedTime)
                {
                    System.Console.Out.WriteLine($"BENCHMARK MODE: depth and view synthesis take {fixedTime.TotalMilliseconds} ms per frame each; outputs are not stereo.");
                }

                if (settings.Farm.AllowedRoots.Count == 0)
                {
                    System.Console.Out.WriteLine("note: no --allow-root: jobs may read and write any local path this silo can reach.");
                }

                await using var metricsHost = (parse.GetValue(metrics) ?? ClusterConnection.Env("METRICS")) is { } metricsUrls
                    ? Host.FarmMetricsEndpoint.Build(metricsUrls, settings.Farm.Role, SiloReadiness.Of(host))
                    : null;
                if (metricsHost is not null)
                {
                    await metricsHost.StartAsync(ct);
                    System.Console.Out.WriteLine($"metrics at {string.Join(", ", metricsHost.Urls.Select(u => u.TrimEnd('/') + Host.FarmMetricsEndpoint.Path))}");
                }

                System.Console.Out.Flush();
                if (parse.GetValue(web) is { } urls)
                {
                    // The silo's own cluster client serves the API; it stops (below) before the silo hands its work back.
                    await WebCommands.RunWebAsync(ClusterClients.Client(host), WebCommands.ClusterOptions(settings), urls, $"silo of cluster {settings.ClusterId}", ct);
                }
                else
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        // stopping below
                    }
                }

                if (metricsHost is not null)
                {
                    await metricsHost.StopAsync(CancellationToken.None);
                }

                System.Console.Out.WriteLine("silo stopping: handing back work…");
                await host.StopAsync(CancellationToken.None);
                System.Console.Out.WriteLine("silo stopped.");
                return 0;
            }
            catch (ArgumentException e)
            {
                System.Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
