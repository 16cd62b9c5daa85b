using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SpatialMe.Farm.Grains;

namespace SpatialMe.Cli.Commands;

/// <summary>Grain references from a connected cluster client host.</summary>
internal static class ClusterClients
{
    public static IClusterClient Client(IHost host) => host.Services.GetRequiredService<IClusterClient>();

    public static ICoordinatorGrain Coordinator(IHost host) => Client(host).GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);

    public static IFilmJobGrain Job(IHost host, string id) => Client(host).GetGrain<IFilmJobGrain>(id);
}
