using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// The cluster profile: silos that meet through Redis (membership), keep grain state and reminders in Redis, and
/// share one media store; and clients that reach them through Redis too.
/// </summary>
public static class ClusterHosts
{
    /// <summary>A silo host for <paramref name="settings"/> (not started).</summary>
    public static IHost BuildSilo(ClusterSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        settings.ValidateForSilo();
        var redis = settings.RedisOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(settings.Address), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            silo.AddRedisGrainStorage(FarmStorage.Name, o =>
            {
                o.ConfigurationOptions = redis.Clone();
                o.GrainStorageSerializer = new JsonGrainStateSerializer();
            });
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            silo.AddSpatialMeFarm(settings.Farm, new LocalMediaStore(settings.Media!));
        });
        return builder.Build();
    }

    /// <summary>A connected cluster client; dispose it to disconnect.</summary>
    public static async Task<IHost> ConnectClientAsync(ClusterSettings settings, CancellationToken ct)
    {
        var redis = settings.RedisOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new IOException($"cannot reach the farm cluster '{settings.ClusterId}' through Redis {settings.RedisForDisplay}: {e.Message}", e);
        }

        return host;
    }
}
