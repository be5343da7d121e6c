using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary>RFC 9457 problem details with a clear <c>detail</c>, for the API's refusals.</summary>
public static class ApiProblems
{
    /// <summary>404 for ids that do not exist and ids of other tenants alike (never 403: ids are not revealed).</summary>
    public static ProblemHttpResult NotFound(string kind, string id) =>
        TypedResults.Problem(detail: $"There is no {kind} '{id}' that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable");

    /// <summary>400 listing every problem, by field, and all of them in <c>detail</c>.</summary>
    public static ValidationProblem Invalid(string what, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: $"The {what} has {errors.Sum(e => e.Value.Length)} problem(s): " + string.Join(" ", errors.SelectMany(e => e.Value)),
            title: "Invalid request");

    /// <summary>A detail for problems written without one (status-code pages, unhandled exceptions).</summary>
    public static string DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request could not be read.",
        StatusCodes.Status401Unauthorized => "Send 'Authorization: Bearer TOKEN' with a valid token (POST /api/v1/auth/login gives one).",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        StatusCodes.Status404NotFound => "There is no such resource.",
        StatusCodes.Status405MethodNotAllowed => "This path does not accept that method.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with 'Content-Type: application/json'.",
        >= 500 => "The node failed to handle the request; its log has the details.",
        _ => "The request failed.",
    };
}
