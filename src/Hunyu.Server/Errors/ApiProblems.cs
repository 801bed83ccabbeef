using System.Diagnostics;
using Hunyu.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hunyu.Server.Errors;

/// <summary>Builds the one problem shape every error response uses: <c>status</c>, <c>title</c>, <c>detail</c>, <c>code</c>, <c>traceId</c>.</summary>
internal static class ApiProblems
{
    /// <summary>The extension holding the stable snake_case code.</summary>
    public const string CodeKey = "code";

    /// <summary>The extension holding the trace id to find the request in the log.</summary>
    public const string TraceIdKey = "traceId";

    private const string SnakeCaseTraceIdKey = "trace_id";

    /// <summary>A problem for <paramref name="error"/> with <paramref name="detail"/>.</summary>
    public static ProblemDetails Create(ErrorCode error, string detail)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ProblemDetails
        {
            Status = error.HttpStatus,
            Title = ServerErrorCodes.Title(error),
            Detail = detail,
            Extensions = { [CodeKey] = error.Code },
        };
    }

    /// <summary>Fills what every problem carries: the code (from the status when none is set) and the trace id.</summary>
    public static void Complete(ProblemDetails problem, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        problem.Status ??= context.Response.StatusCode;
        if (!problem.Extensions.ContainsKey(CodeKey) && ServerErrorCodes.ForStatus(problem.Status.Value) is { } error)
        {
            problem.Extensions[CodeKey] = error.Code;
            problem.Title ??= ServerErrorCodes.Title(error);
        }

        problem.Detail ??= DefaultDetail(problem.Status.Value, context.Request);
        problem.Extensions[TraceIdKey] = TraceId(context);

        // COMPAT: the framework's default trace id follows the JSON naming policy ("trace_id"); the API's
        // documented name is "traceId", so only that one is kept.
        problem.Extensions.Remove(SnakeCaseTraceIdKey);
    }

    /// <summary>A one-line detail for a bare status set by the framework (no route, wrong method, wrong media type).</summary>
    private static string? DefaultDetail(int status, HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        return status switch
        {
            StatusCodes.Status404NotFound => $"{request.Method} {path}: no such endpoint; the API is described at /openapi/v1.json",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {path}",
            StatusCodes.Status415UnsupportedMediaType =>
                $"{request.Method} {path}: Content-Type '{request.ContentType}' is not accepted; send application/json (uploads: multipart/form-data)",
            _ => null,
        };
    }

    /// <summary>The id under which the request's log entries are found.</summary>
    public static string TraceId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Activity.Current?.Id ?? context.TraceIdentifier;
    }
}
