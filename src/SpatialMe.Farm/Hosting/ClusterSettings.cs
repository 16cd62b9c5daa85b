using System.Net;
using StackExchange.Redis;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// How a process joins a farm cluster (a silo, or a client such as <c>spatialme submit</c>): Redis for membership,
/// grain state and reminders, the shared media store, the cluster and service ids, and for silos the endpoints and
/// farm role. Bound from a JSON config file, then <c>SPATIALME_*</c> environment variables, then command-line options.
/// </summary>
public sealed class ClusterSettings
{
    public const string DefaultClusterId = "spatialme";
    public const string DefaultServiceId = "spatialme";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>StackExchange.Redis connection string (host:port[,password=…]). Required.</summary>
    public string? Redis { get; set; }

    /// <summary>The media store every silo shares: a folder (all silos on one machine, or a shared mount).</summary>
    public string? Media { get; set; }

    public string ClusterId { get; set; } = DefaultClusterId;

    public string ServiceId { get; set; } = DefaultServiceId;

    public int SiloPort { get; set; } = DefaultSiloPort;

    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>The address other silos reach this one at (default: loopback, for a cluster on one machine).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Silo role and work policy.</summary>
    public FarmOptions Farm { get; set; } = new();

    /// <summary>The Redis connection string without its password, for logs and messages.</summary>
    public string RedisForDisplay => Redis is null ? "(none)" : ConfigurationOptions.Parse(Redis).ToString(includePassword: false);

    public ConfigurationOptions RedisOptions()
    {
        if (string.IsNullOrWhiteSpace(Redis))
        {
            throw new ArgumentException("no Redis connection: pass --redis host:port or set SPATIALME_REDIS.");
        }

        try
        {
            var options = ConfigurationOptions.Parse(Redis);
            options.AbortOnConnectFail = false; // keep retrying while Redis restarts
            return options;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the Redis connection string is not valid: {e.Message}", e);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void ValidateForSilo()
    {
        RedisOptions();
        if (string.IsNullOrWhiteSpace(Media))
        {
            throw new ArgumentException("no media store: pass --media <folder> or set SPATIALME_MEDIA.");
        }

        if (!IPAddress.TryParse(Address, out _))
        {
            throw new ArgumentException($"--address must be an IP address, got '{Address}'.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            throw new ArgumentException($"silo and gateway ports must be two different ports in 1-65535, got {SiloPort} and {GatewayPort}.");
        }

        Farm.Validate();
    }
}
