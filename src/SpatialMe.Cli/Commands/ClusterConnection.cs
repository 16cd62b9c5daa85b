using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// How a command reaches a farm cluster, and (for <c>silo</c>) how the silo serves it. Each setting comes from the
/// command-line option if given, else the <c>SPATIALME_*</c> environment variable, else the JSON config file
/// (<c>--config</c>, keys as in <see cref="ClusterSettings"/>), else the default. Secrets (the Redis password) belong
/// in the environment or the config file, never on a command line other users can read.
/// </summary>
internal sealed class ClusterConnection
{
    public Option<string?> Redis { get; } = new("--redis") { Description = "Redis connection (host:port[,password=…]) for membership and state. Env: SPATIALME_REDIS." };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = $"Cluster id (default {ClusterSettings.DefaultClusterId}). Env: SPATIALME_CLUSTER_ID." };

    public Option<string?> ServiceId { get; } = new("--service-id") { Description = $"Service id (default {ClusterSettings.DefaultServiceId}). Env: SPATIALME_SERVICE_ID." };

    public Option<string?> Config { get; } = new("--config") { Description = "JSON config file with any of these settings. Env: SPATIALME_CONFIG." };

    /// <summary>Whether a cluster is configured at all (an option, the environment or a config file names Redis).</summary>
    public bool IsConfigured(ParseResult parse) => Read(parse).Redis is not null;

    public void AddTo(Command command)
    {
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
        command.Options.Add(ServiceId);
        command.Options.Add(Config);
    }

    public ClusterSettings Read(ParseResult parse)
    {
        var settings = ReadFile(parse.GetValue(Config) ?? Env("CONFIG"));

        settings.Redis = parse.GetValue(Redis) ?? Env("REDIS") ?? settings.Redis;
        settings.ClusterId = parse.GetValue(ClusterId) ?? Env("CLUSTER_ID") ?? settings.ClusterId;
        settings.ServiceId = parse.GetValue(ServiceId) ?? Env("SERVICE_ID") ?? settings.ServiceId;
        settings.Blob = Env("BLOB") ?? settings.Blob;
        settings.BlobAccountUrl = Env("BLOB_ACCOUNT_URL") ?? settings.BlobAccountUrl;
        if (Env("ALLOW_ROOTS") is { } roots)
        {
            settings.Farm.AllowedRoots = [.. roots.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        if (Env("ALLOW_SCHEMES") is { } schemes)
        {
            settings.Farm.AllowedSchemes = [.. schemes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return settings;
    }

    /// <summary>The settings of a JSON config file (keys as in <see cref="ClusterSettings"/>); the defaults when <paramref name="config"/> is null.</summary>
    public static ClusterSettings ReadFile(string? config)
    {
        if (config is null)
        {
            return new ClusterSettings();
        }

        if (!File.Exists(config))
        {
            throw new ArgumentException($"config file '{config}' does not exist.");
        }

        try
        {
            return JsonSerializer.Deserialize<ClusterSettings>(File.ReadAllText(config), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? new ClusterSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"config file '{config}' is not valid: {e.Message}", e);
        }
    }

    public static string? Env(string name) => Environment.GetEnvironmentVariable("SPATIALME_" + name) is { Length: > 0 } value ? value : null;

    public static int? EnvInt(string name) =>
        Env(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"SPATIALME_{name} must be a number, got '{text}'.")
            : null;
}
