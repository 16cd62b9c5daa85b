using System.Net;
using Azure.Identity;
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

    /// <summary>
    /// The media store every silo shares for intermediate results: a folder (all silos on one machine, or a shared
    /// mount) or a blob container URI in the <see cref="Blob"/> account.
    /// </summary>
    public string? Media { get; set; }

    /// <summary>
    /// Azure Blob Storage connection string (an Azurite one for tests): the account that blob URIs of inputs, outputs
    /// and the media store live in. A secret: give it through the environment or a config file.
    /// </summary>
    public string? Blob { get; set; }

    /// <summary>
    /// The blob account's URL (<c>https://&lt;account&gt;.blob.core.windows.net</c>) when it is reached with a token
    /// instead of a key: the environment's Azure identity (<see cref="DefaultAzureCredential"/>; on Kubernetes the
    /// workload identity whose AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE the identity webhook
    /// sets). Not a secret. Give this or <see cref="Blob"/>, not both.
    /// </summary>
    public string? BlobAccountUrl { get; set; }

    /// <summary>This process's own folder for scratch files and cached copies of blobs (default: under the user's cache).</summary>
    public string? Work { get; set; }

    public string ClusterId { get; set; } = DefaultClusterId;

    public string ServiceId { get; set; } = DefaultServiceId;

    public int SiloPort { get; set; } = DefaultSiloPort;

    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>The address other silos reach this one at (default: loopback, for a cluster on one machine).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>
    /// The web host's bearer token (<c>spatialme web</c>, <c>silo --web</c>, <c>serve</c>) where
    /// <c>SPATIALME_API_TOKEN</c> is not set. A secret: keep the config file readable by the service's user only.
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>Whether the web host's reads are open without the token, where <c>SPATIALME_API_ANONYMOUS_READS</c> is not set.</summary>
    public bool? ApiAnonymousReads { get; set; }

    /// <summary>Silo role and work policy.</summary>
    public FarmOptions Farm { get; set; } = new();

    /// <summary>The Redis connection string without its password, for logs and messages.</summary>
    public string RedisForDisplay => Redis is null ? "(none)" : ConfigurationOptions.Parse(Redis).ToString(includePassword: false);

    /// <summary>Whether a blob account is configured (by connection string or by URL).</summary>
    public bool HasBlobAccount => Blob is not null || BlobAccountUrl is not null;

    /// <summary>
    /// The configured blob account (null where none is): from the connection string, or from the account URL with the
    /// environment's Azure identity. Throws <see cref="ArgumentException"/> when both are given or either is not valid.
    /// </summary>
    public Storage.BlobAccount? BlobAccount()
    {
        if (Blob is not null && BlobAccountUrl is not null)
        {
            throw new ArgumentException(
                "both a blob connection string (SPATIALME_BLOB) and a blob account URL (SPATIALME_BLOB_ACCOUNT_URL) are set: give one "
                + "(the URL authenticates with the environment's Azure identity, e.g. Kubernetes workload identity).");
        }

        if (Blob is not null)
        {
            return Storage.BlobAccount.FromConnectionString(Blob);
        }

        // DefaultAzureCredential tries the environment, workload identity and managed identity in turn; it reads
        // nothing until the first request, so building it here costs no network.
        return BlobAccountUrl is null ? null : Storage.BlobAccount.FromAccountUrl(BlobAccountUrl, new DefaultAzureCredential());
    }

    /// <summary>Whether the media store is a blob container rather than a folder.</summary>
    public bool MediaIsBlob => Media is not null && Storage.MediaFiles.IsBlob(Media);

    /// <summary>The work folder, defaulting to one per silo port under the user's cache folder.</summary>
    public string WorkFolder()
    {
        if (Work is { Length: > 0 } work)
        {
            return Path.GetFullPath(work);
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "spatialme", "work-" + SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The allowed input/output locations as a client checks them before submitting: the farm's roots and schemes,
    /// plus the blob account's own scheme (the coordinator allows that account's blobs whatever their scheme).
    /// </summary>
    public Catalogs.MediaLocations Locations()
    {
        var schemes = Farm.AllowedSchemes.ToList();
        if (BlobAccount() is { } account)
        {
            schemes.Add(account.Endpoint.Scheme);
        }

        return new Catalogs.MediaLocations(Farm.AllowedRoots, schemes);
    }

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
            throw new ArgumentException("no media store: pass --media <folder or blob container URI> or set SPATIALME_MEDIA.");
        }

        if (MediaIsBlob && !HasBlobAccount)
        {
            throw new ArgumentException(
                $"the media store '{Media}' is a blob container but no blob storage is configured: set SPATIALME_BLOB to the account's connection string "
                + "(or \"blob\" in the config file), or SPATIALME_BLOB_ACCOUNT_URL to its URL for workload identity (\"blobAccountUrl\").");
        }

        BlobAccount(); // a bad connection string or URL fails here, naming no secret

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
