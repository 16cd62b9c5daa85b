using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SpatialMe.Host;

/// <summary>The API's RFC 7807 answers: a title, the detail in words, and <c>field</c> where one request field was at fault.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string? field, string detail, IDictionary<string, object?>? more = null) =>
        Problem(StatusCodes.Status400BadRequest, "Bad Request", detail, field, more);

    public static ProblemHttpResult NotFound(string what, string id) =>
        NotFound($"no {what} '{id}'.");

    /// <summary>A 404 whose detail says what is missing (the request's <c>id</c> names something that exists, but not this).</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not Found", detail, "id");

    public static ProblemHttpResult Conflict(string detail, string? field = "id") =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, field);

    /// <summary>The first line of an exception message (a JSON error's position details follow on later lines).</summary>
    public static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static ProblemHttpResult Problem(int status, string title, string detail, string? field, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>(more ?? new Dictionary<string, object?>());
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(title: title, detail: detail, statusCode: status, extensions: extensions.Count == 0 ? null : extensions);
    }
}
