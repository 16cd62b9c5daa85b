using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace SpatialMe.Host;

/// <summary>
/// The Orleans Dashboard (Microsoft.Orleans.Dashboard: grain activations, method calls and latencies, silo counters)
/// at <see cref="Path"/>, behind the same token as the API's reads. Every farm silo adds the dashboard's grains and
/// grain service (<c>AddSpatialMeFarm</c>); the web host's own endpoints need the dashboard's client services, which
/// live in the cluster client's service provider (the embedded silo's, or the <c>spatialme web</c> client's, which
/// adds them) — the web application has its own container, so they are forwarded from there.
/// </summary>
public static class OrleansDashboardMount
{
    public const string Path = "/orleans";

    /// <summary>The dashboard types its endpoints resolve (internal to the package, hence by name).</summary>
    private static readonly string[] ForwardedTypes = ["EmbeddedAssetProvider", "IDashboardClient", "DashboardLogger"];

    /// <summary>Whether <paramref name="client"/> carries the dashboard's services (a client built without them does not).</summary>
    public static bool IsAvailable(IClusterClient client) => Types().All(t => client.ServiceProvider.GetService(t) is not null);

    internal static IServiceCollection AddOrleansDashboardOf(this IServiceCollection services, IClusterClient client)
    {
        if (!IsAvailable(client))
        {
            return services;
        }

        foreach (var type in Types())
        {
            services.AddSingleton(type, _ => client.ServiceProvider.GetRequiredService(type));
        }

        services.AddSingleton(_ => client.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>());
        return services;
    }

    /// <summary>Maps the dashboard under <see cref="Path"/> with the read filter, or a problem saying why it is not there.</summary>
    internal static void MapOrleansDashboardPage(this WebApplication app, IClusterClient client, FarmWebOptions options, IEndpointFilter reads)
    {
        if (IsAvailable(client))
        {
            app.MapOrleansDashboard(Path).AddEndpointFilter(reads).ExcludeFromDescription();
            return;
        }

        app.MapGet(Path + "/{**rest}", () => Results.Problem(
                title: "Not Found",
                detail: "the Orleans Dashboard is not enabled on this web host's cluster client.",
                statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription();
        _ = options;
    }

    private static IEnumerable<Type> Types()
    {
        var all = typeof(DashboardOptions).Assembly.GetTypes();
        return ForwardedTypes.Select(name => all.Single(t => t.Name == name));
    }
}
