using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Jobs;

namespace SpatialMe.Host;

/// <summary>How the web host serves a farm: who may call it, and how it checks and names submitted jobs.</summary>
public sealed class FarmWebOptions
{
    /// <summary>The environment variable the bearer token comes from (<see cref="ApiToken"/>).</summary>
    public const string TokenVariable = "SPATIALME_API_TOKEN";

    /// <summary>The environment variable that opens the reads (<c>true</c>): <see cref="AnonymousReads"/>.</summary>
    public const string AnonymousReadsVariable = "SPATIALME_API_ANONYMOUS_READS";

    /// <summary>The role the web host names in its telemetry resource (<c>spatialme.silo.role</c>).</summary>
    public const string WebRole = "web";

    /// <summary>The loopback address <c>spatialme serve</c> and <c>spatialme web</c> listen on by default.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>
    /// The bearer token mutating calls (and, unless <see cref="AnonymousReads"/>, reads) must carry. Null or empty:
    /// every call under <c>/api/v1</c> that needs a token is refused (401) — there is no open default.
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>Whether GET calls under <c>/api/v1</c> are open without the token (default: no).</summary>
    public bool AnonymousReads { get; set; }

    /// <summary>Where submitted inputs and outputs may be (the same roots and schemes as catalog manifests).</summary>
    public MediaLocations Locations { get; set; } = new([], ["https"]);

    /// <summary>URIs allowed whatever their scheme (the cluster's own blob account).</summary>
    public Func<string, bool>? Trusted { get; set; }

    /// <summary>
    /// Whether this process sees the silos' local files (the embedded farm): then a missing local input is refused
    /// with 400 at submission, as <c>spatialme convert</c> and <c>submit</c> refuse it, instead of failing the job.
    /// </summary>
    public bool SeesLocalFiles { get; set; }

    /// <summary>The id of a checked job (default: <see cref="JobIds.For(JobSpec)"/>, the local file's identity).</summary>
    public Func<JobSpec, CancellationToken, Task<string>> JobId { get; set; } = (spec, _) => Task.FromResult(JobIds.For(spec));

    /// <summary>Events a web host keeps for browsers that reconnect (<c>Last-Event-ID</c>); older ids get a <c>reset</c>.</summary>
    public int EventBuffer { get; set; } = 2048;

    /// <summary>How often an idle event stream gets a heartbeat comment, so proxies keep it open.</summary>
    public TimeSpan EventHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the web host renews its subscription to the farm's events (and finds their grain after a move).</summary>
    public TimeSpan EventResubscribe { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (EventBuffer < 1)
        {
            throw new ArgumentException($"the event buffer must hold at least 1 event, got {EventBuffer}.");
        }

        if (EventHeartbeat <= TimeSpan.Zero || EventResubscribe <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the event heartbeat and resubscribe periods must be positive, got {EventHeartbeat} and {EventResubscribe}.");
        }
    }

    /// <summary>
    /// The options from the environment (<see cref="TokenVariable"/>, <see cref="AnonymousReadsVariable"/>), else from
    /// the configuration given (the config file's <c>apiToken</c> and <c>apiAnonymousReads</c>).
    /// </summary>
    public static FarmWebOptions FromEnvironment(string? configuredToken = null, bool? configuredAnonymousReads = null) => new()
    {
        ApiToken = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token
            : string.IsNullOrEmpty(configuredToken) ? null : configuredToken,
        AnonymousReads = Environment.GetEnvironmentVariable(AnonymousReadsVariable) is { Length: > 0 } open
            ? string.Equals(open, "true", StringComparison.OrdinalIgnoreCase)
            : configuredAnonymousReads ?? false,
    };
}
