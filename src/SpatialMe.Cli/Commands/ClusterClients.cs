using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Cli.Commands;

/// <summary>Grain references from a connected cluster client host, and retries over a cluster in motion.</summary>
internal static class ClusterClients
{
    /// <summary>
    /// Runs a cluster call, retrying for up to two minutes while the cluster is in motion — a silo (or the gateway
    /// this client used) was just killed and membership has not caught up yet, or Redis restarts. Other errors pass.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public static async Task RetryAsync(Func<Task> call, CancellationToken ct) =>
        await RetryAsync(async () =>
        {
            await call();
            return true;
        }, ct);

    private static bool IsTransient(Exception e) =>
        e is OrleansMessageRejectionException or SiloUnavailableException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException;

    public static IClusterClient Client(IHost host) => host.Services.GetRequiredService<IClusterClient>();

    public static ICoordinatorGrain Coordinator(IHost host) => Client(host).GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);

    public static IFilmJobGrain Job(IHost host, string id) => Client(host).GetGrain<IFilmJobGrain>(id);

    public static ICatalogGrain Catalog(IHost host, string id) => Client(host).GetGrain<ICatalogGrain>(id);
}
