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
        var media = new Option<string?>("--media") { Description = "The media store folder all silos share. Env: SPATIALME_MEDIA." };
        var address = new Option<string?>("--address") { Description = "IP address other silos reach this one at (default 127.0.0.1). Env: SPATIALME_ADDRESS." };
        var siloPort = new Option<int?>("--silo-port") { Description = $"Silo-to-silo port (default {ClusterSettings.DefaultSiloPort}). Env: SPATIALME_SILO_PORT." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = $"Client gateway port (default {ClusterSettings.DefaultGatewayPort}). Env: SPATIALME_GATEWAY_PORT." };
        var fallback = new Option<bool>("--allow-cpu-fallback") { Description = "Let CPU silos take depth and render work while no GPU silo is usable. Env: SPATIALME_ALLOW_CPU_FALLBACK=true." };
        var command = new Command("silo", "Run a farm silo that joins a cluster through Redis (membership, grain state, reminders) and shares a media store.")
        {
            role, slots, media, address, siloPort, gatewayPort, fallback,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var settings = connection.Read(parse);
                settings.Media = parse.GetValue(media) ?? ClusterConnection.Env("MEDIA") ?? settings.Media;
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
                    + $"gateway {settings.GatewayPort}, cluster {settings.ClusterId}, redis {settings.RedisForDisplay}, media {Path.GetFullPath(settings.Media!)}");
                System.Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    System.Console.Out.WriteLine("silo stopping: handing back work…");
                }

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
