using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.GrainDirectory;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Telemetry;

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
        builder.Logging.AddFarmFilters();
        builder.AddFarmTelemetry(settings.Farm.Role);
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

            // The distributed directory recovers a dead silo's directory partition from the live activations; with the
            // classic one, an entry lost with its silo lets the next call start a second activation of a worker that is
            // still running elsewhere — its segment would be computed twice.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; chosen for the reason above, covered by the kill -9 tests
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

            // GPU workers are registered in Redis instead, so that no silo's death but their own ends them (WorkerDirectory).
            silo.AddRedisGrainDirectory(WorkerDirectory.Name, o => o.ConfigurationOptions = redis.Clone());
            silo.Services.AddSingleton<IGrainDirectoryResolver, WorkerDirectory>();

            // Heartbeats every 10 s and stale after 30 s: after every silo was killed at once (a power cut, a
            // cluster-wide kill), the table still lists them as active and nobody is left to vote them dead; new silos
            // join once those entries go stale, so a restarted cluster is back within about half a minute.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                o.NumMissedTableIAmAliveLimit = 3;
            });
            var (store, files) = Media(settings);
            silo.AddSpatialMeFarm(settings.Farm, store, files);
        });
        return builder.Build();
    }

    /// <summary>The silo's media store (a folder or a blob container) and its access to the jobs' inputs and outputs.</summary>
    private static (IMediaStore Store, MediaFiles Files) Media(ClusterSettings settings)
    {
        var account = settings.BlobAccount();
        var work = settings.WorkFolder();
        Directory.CreateDirectory(work);
        var files = new MediaFiles(account, work);
        if (!settings.MediaIsBlob)
        {
            return (new LocalMediaStore(settings.Media!), files);
        }

        var store = BlobMediaStore.At(account!, new Uri(settings.Media!), Path.Combine(work, "media"));
        store.EnsureContainerAsync().GetAwaiter().GetResult(); // once, at start-up: a wrong account fails the silo here
        return (store, files);
    }

    /// <summary>The media store for messages: a full folder path, or the container URI (never a key).</summary>
    public static string MediaForDisplay(ClusterSettings settings) =>
        settings.MediaIsBlob ? MediaFiles.Display(settings.Media!) : Path.GetFullPath(settings.Media!);

    /// <summary>A connected cluster client; dispose it to disconnect.</summary>
    /// <param name="configure">More client configuration (<c>spatialme web</c> adds the Orleans Dashboard's client services).</param>
    public static async Task<IHost> ConnectClientAsync(ClusterSettings settings, CancellationToken ct, Action<IClientBuilder>? configure = null)
    {
        var redis = settings.RedisOptions();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
            client.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            configure?.Invoke(client);
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
