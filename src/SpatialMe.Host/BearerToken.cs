using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SpatialMe.Host;

/// <summary>
/// The API's bearer-token check, as an endpoint filter: the token is compared in constant time (both sides hashed
/// first, so not even its length leaks), and neither the expected nor the presented token is ever logged or echoed.
/// No token is 401 (authenticate, with <c>WWW-Authenticate: Bearer</c>); a wrong one is 403 (this credential is
/// refused).
/// </summary>
/// <param name="acceptsEventCookie">Whether the session cookie (<see cref="FarmEventsApi.CookieName"/>) lets the call in
/// too: only reads a browser makes without headers — <c>GET /api/v1/events</c> (EventSource cannot send them) and the
/// Orleans Dashboard's pages under <c>/orleans</c>.</param>
internal sealed class BearerToken(FarmWebOptions options, bool isRead, bool acceptsEventCookie = false) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (isRead && options.AnonymousReads)
        {
            return await next(context);
        }

        if (string.IsNullOrEmpty(options.ApiToken))
        {
            return Refuse(context.HttpContext, $"this server has no API token configured (set {FarmWebOptions.TokenVariable}); calls that need one are refused.");
        }

        if (acceptsEventCookie && context.HttpContext.Request.Cookies.TryGetValue(FarmEventsApi.CookieName, out var cookie))
        {
            return Matches(cookie, FarmEventsApi.CookieValue(options.ApiToken))
                ? await next(context)
                : Forbid("the session cookie is not valid (the token changed?): get a new one with POST /api/v1/events/session.");
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context.HttpContext, "this call needs a bearer token: send 'Authorization: Bearer <token>'.");
        }

        return Matches(header[scheme.Length..].Trim(), options.ApiToken)
            ? await next(context)
            : Forbid("the bearer token is not valid for this server.");
    }

    /// <summary>Whether <paramref name="presented"/> is <paramref name="expected"/>, in time independent of both.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static IResult Forbid(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    private static IResult Refuse(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
    }
}
