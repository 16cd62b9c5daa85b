using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Storage;
using SpatialMe.Host;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme serve</c> (the embedded silo with the web host in one process: a one-machine farm with an API) and
/// <c>spatialme web</c> (the web host as a client that joins a cluster through Redis); docs/api.md.
/// </summary>
public static class WebCommands
{
    private static Option<string> Urls() => new("--urls")
    {
        Description = $"Where the web host listens (';'-separated). Default {FarmWebOptions.DefaultUrls}: loopback only, "
            + "nothing outside this machine reaches it; use e.g. http://0.0.0.0:8080 to serve the network. "
            + $"Calls need the bearer token from {FarmWebOptions.TokenVariable} or the config file's apiToken ({FarmWebOptions.AnonymousReadsVariable}=true or apiAnonymousReads opens the reads).",
        DefaultValueFactory = _ => FarmWebOptions.DefaultUrls,
    };

    public static Command BuildServe()
    {
        var urls = Urls();
        var store = new Option<string?>("--store") { Description = "The farm store (default: $SPATIALME_STORE, else ~/.local/share/spatialme/farm)." };
        var allowRoot = new Option<string[]>("--allow-root")
        {
            Description = "A local folder jobs may read inputs from and write outputs to (repeat for several; none: any full path). Env: SPATIALME_ALLOW_ROOTS (':'-separated).",
        };
        var config = new Option<string?>("--config")
        {
            Description = "JSON config file: its apiToken, apiAnonymousReads and farm.allowedRoots apply (the environment and options win). Env: SPATIALME_CONFIG.",
        };
        var command = new Command("serve", "Run a one-machine farm with the web host and REST API: the embedded silo and /api/v1 in this process (docs/api.md).")
        {
            urls, store, allowRoot, config,
        };
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var settings = ClusterConnection.ReadFile(parse.GetValue(config) ?? ClusterConnection.Env("CONFIG"));
            var farm = new FarmOptions { Role = "cpu", AllowCpuFallback = true, GpuSlots = EmbeddedFarm.EmbeddedSlots };
            var roots = parse.GetValue(allowRoot) is { Length: > 0 } given ? given
                : ClusterConnection.Env("ALLOW_ROOTS")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                ?? [.. settings.Farm.AllowedRoots];
            farm.AllowedRoots = [.. roots.Select(Path.GetFullPath)];
            var path = parse.GetValue(store) ?? EmbeddedFarm.DefaultStore();
            await using var silo = await EmbeddedFarm.StartAsync(path, farm, ct);
            var options = FarmWebOptions.FromEnvironment(settings.ApiToken, settings.ApiAnonymousReads);
            options.Locations = farm.Locations();
            options.SeesLocalFiles = true;
            await RunWebAsync(silo.Client, options, parse.GetValue(urls)!, $"embedded farm, store {silo.StorePath}", ct);
            return 0;
        }));
        return command;
    }

    public static Command BuildWeb()
    {
        var urls = Urls();
        var connection = new ClusterConnection();
        var command = new Command("web", "Run the web host and REST API as a client that joins a farm cluster through Redis (docs/api.md).") { urls };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var settings = connection.Read(parse);
            if (settings.Redis is null)
            {
                throw new ArgumentException("no cluster configured: give --redis, SPATIALME_REDIS or a config file (or run `spatialme serve` for a one-machine farm).");
            }

            var options = ClusterOptions(settings);
            using var client = await ClusterHosts.ConnectClientAsync(settings, ct, c => Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(c));
            await RunWebAsync(ClusterClients.Client(client), options, parse.GetValue(urls)!, $"cluster {settings.ClusterId}, redis {settings.RedisForDisplay}", ct);
            return 0;
        }));
        return command;
    }

    /// <summary>The web options for a cluster (<c>web</c>, <c>silo --web</c>): its allowed roots and schemes, and job ids as <c>submit</c> makes them.</summary>
    internal static FarmWebOptions ClusterOptions(ClusterSettings settings)
    {
        var files = new MediaFiles(settings.BlobAccount(), settings.WorkFolder());
        var options = FarmWebOptions.FromEnvironment(settings.ApiToken, settings.ApiAnonymousReads);
        options.Locations = settings.Locations();
        options.Trusted = files.InAccount;

        // As `submit`: the id hashes the input's identity (a blob's ETag through the account).
        options.JobId = async (spec, token) => Farm.Jobs.JobIds.For(spec, await files.FingerprintAsync(spec.Input, token));
        return options;
    }

    /// <summary>Serves the API over <paramref name="client"/> until <paramref name="ct"/> is cancelled, then stops the web host.</summary>
    internal static async Task RunWebAsync(IClusterClient client, FarmWebOptions options, string urls, string what, CancellationToken ct)
    {
        await using var app = FarmWeb.Build(client, options, urls, logging =>
        {
            logging.AddProvider(new FileLoggerProvider(System.Console.Out, LogLevel.Information));
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        });
        await app.StartAsync(ct);
        System.Console.Out.WriteLine($"web host ready on {string.Join(", ", app.Urls)} ({what}); API under /api/v1, OpenAPI at /openapi/v1.json");
        if (string.IsNullOrEmpty(options.ApiToken))
        {
            System.Console.Out.WriteLine($"note: no API token ({FarmWebOptions.TokenVariable}, or apiToken in the config file): every API call that needs a token is refused.");
        }

        System.Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            System.Console.Out.WriteLine("web host stopping…");
        }

        await app.StopAsync(CancellationToken.None);
    }
}
