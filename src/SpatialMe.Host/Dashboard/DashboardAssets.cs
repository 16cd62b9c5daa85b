using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SpatialMe.Host.Dashboard;

/// <summary>
/// The dashboard's files (index page, scripts, styles, the vendored Chart.js), embedded in this assembly so the web
/// host needs no content folder and a client process serves the same page as a silo. <c>/</c> is the page; the rest
/// is under <c>/dashboard/</c>; <c>/dashboard/config.json</c> tells the page whether reads need the token (so it asks
/// for one before calling the API, instead of collecting refusals). Every answer carries a strict Content-Security-Policy (scripts and connections to this
/// origin only: nothing the page loads can come from elsewhere) and an ETag.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "SpatialMe.Host.Dashboard.";

    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The embedded file names (<c>app.js</c>, <c>pages/jobs.js</c>, …).</summary>
    public static IEnumerable<string> Names => Assets.Keys;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/config.json", (FarmWebOptions options) => Results.Json(new { anonymousReads = options.AnonymousReads }))
            .ExcludeFromDescription();
        app.MapGet("/dashboard/{**file}", (HttpContext http, string file) => Serve(http, file)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.Problem(title: "Not Found", detail: $"the dashboard has no file '{name}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache"; // revalidate: the ETag makes that cheap, and an upgrade shows at once
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            var content = Read(assembly, resource);
            var etag = $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"";
            assets[name] = new Asset(content, ContentType(name), etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".txt" or ".md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
