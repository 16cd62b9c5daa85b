using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using SpatialMe.Farm.Storage;
using SpatialMe.Farm.Telemetry;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// The embedded profile: one silo in this process with both roles (it takes GPU work through the CPU fallback),
/// localhost clustering on free ports, grain state and media in one local folder (the store). One process at a time
/// owns a store — a lock file says which — so a second <c>spatialme convert</c> on the same store fails clearly
/// instead of corrupting state. Running the same conversion again finds its job in the store and resumes it.
/// </summary>
public sealed class EmbeddedFarm : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly FileStream _lock;

    private EmbeddedFarm(IHost host, FileStream lockFile, string store)
    {
        _host = host;
        _lock = lockFile;
        StorePath = store;
    }

    /// <summary>
    /// Units the embedded silo computes at once: 1. Every stage is already parallel over rows; a second slot was
    /// measured 3 % faster on the sample (2 cores, docs/performance.md) and doubles the frames held in memory.
    /// </summary>
    public static int EmbeddedSlots { get; } = 1;

    public string StorePath { get; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>The store used when none is given: <c>$SPATIALME_STORE</c>, else the user's data folder.</summary>
    public static string DefaultStore()
    {
        if (Environment.GetEnvironmentVariable("SPATIALME_STORE") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "spatialme", "farm");
    }

    public static string GrainStateFolder(string store) => Path.Combine(store, "state");

    /// <summary>The store's sub-folder of the media store (intermediates, previews, QC reports), by <see cref="Storage.StoreKeys"/> key.</summary>
    public const string MediaFolder = "media";

    public static async Task<EmbeddedFarm> StartAsync(string store, FarmOptions? farm = null, CancellationToken cancellationToken = default)
    {
        store = Path.GetFullPath(store);
        try
        {
            Directory.CreateDirectory(store);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot use the farm store '{store}': {e.Message}", e);
        }

        var lockFile = AcquireLock(store);
        try
        {
            farm ??= new FarmOptions { Role = "cpu", AllowCpuFallback = true, GpuSlots = EmbeddedSlots };
            var media = new LocalMediaStore(Path.Combine(store, MediaFolder));
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(store, "logs", "silo.log"), LogLevel.Information));
            builder.Logging.AddFarmFilters();
            builder.AddFarmTelemetry(farm.Role);
            builder.UseOrleans(silo =>
            {
                var (siloPort, gatewayPort) = FreePorts();
                silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: gatewayPort, serviceId: "spatialme", clusterId: "embedded");
                silo.AddSpatialMeFarm(farm, media, EmbeddedFiles(store));
                silo.AddFarmFileStorage(GrainStateFolder(store));
                silo.UseInMemoryReminderService();
                silo.Configure<ClusterMembershipOptions>(o => o.LocalHealthDegradationMonitoringPeriod = TimeSpan.FromMinutes(1));
            });
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new EmbeddedFarm(host, lockFile, store);
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Inputs and outputs of the embedded profile: local paths, and blob URIs where <c>SPATIALME_BLOB</c> names an
    /// account (blob copies and scratch under the store's <c>work</c> folder).
    /// </summary>
    private static MediaFiles EmbeddedFiles(string store)
    {
        var blob = Environment.GetEnvironmentVariable("SPATIALME_BLOB") is { Length: > 0 } connection ? BlobAccount.FromConnectionString(connection) : null;
        return new MediaFiles(blob, Path.Combine(store, "work"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _host.Dispose();
            await _lock.DisposeAsync();
        }
    }

    /// <summary>Whether a farm process holds <paramref name="store"/> right now.</summary>
    public static bool IsInUse(string store)
    {
        var path = Path.Combine(Path.GetFullPath(store), "farm.lock");
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static FileStream AcquireLock(string store)
    {
        var path = Path.Combine(store, "farm.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(Environment.ProcessId);
            return stream;
        }
        catch (IOException)
        {
            var owner = File.Exists(path) ? TryRead(path) : "another process";
            throw new IOException(
                $"the farm store '{store}' is in use by {owner}; wait for it to finish, or give this run its own store with --store or SPATIALME_STORE.");
        }
    }

    private static string TryRead(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var pid = reader.ReadToEnd().Trim();
            return pid.Length > 0 ? $"process {pid}" : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    /// <summary>
    /// Two loopback ports free now and different from each other: both listeners are open at once while the kernel
    /// picks, since one picked, closed and picked again can come back the same (the silo would then refuse to start).
    /// </summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
