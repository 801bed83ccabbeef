using System.Text.Json;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hunyu.Server.Errors;

/// <summary>
/// The API's one error boundary: <see cref="HunyuException"/> becomes a problem with its code's status, a rejected
/// request (bad JSON, wrong media type, too large) a 4xx problem, and anything else a logged 500 without internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var (error, detail) = Classify(exception);
        if (error == ErrorCode.Internal)
        {
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", ApiProblems.TraceId(httpContext));
        }
        else
        {
            LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", error.Code, error.HttpStatus);
            await RecordRefusalAsync(httpContext, error);
        }

        httpContext.Response.StatusCode = error.HttpStatus;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = ApiProblems.Create(error, detail),
        });
    }

    /// <summary>
    /// Records a request refused before any endpoint ran for what it was, not what it asked (oversized, from another
    /// origin) as <see cref="AuditActions.RequestRefused"/>, with the caller as far as it is known (often anonymous:
    /// such requests are refused before authentication). Refusals by endpoints are recorded by the knowledge base.
    /// </summary>
    private static async Task RecordRefusalAsync(HttpContext httpContext, ErrorCode error)
    {
        if (error != ErrorCode.TooLarge && error != ErrorCode.CrossOriginForbidden)
        {
            return;
        }

        var knowledge = httpContext.RequestServices.GetRequiredService<KnowledgeBase>();
        var caller = AuditCallerMiddleware.CallerOf(httpContext);
        using var current = AuditCaller.Use(caller);
        await knowledge.RecordAsync(
            AuditActions.RequestRefused,
            caller.Principal,
            $"{httpContext.Request.Method} {httpContext.Request.Path.Value}",
            AuditOutcome.Denied,
            error.Code,
            cancellationToken: CancellationToken.None);
    }

    /// <summary>The code and a one-line detail for <paramref name="exception"/>; never a stack trace.</summary>
    internal static (ErrorCode Error, string Detail) Classify(Exception exception) => exception switch
    {
        HunyuException hunyu => (hunyu.Error, hunyu.Message),
        BadHttpRequestException { InnerException: JsonException json } => (ErrorCode.InvalidArgument, $"request body is not valid JSON: {json.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (ErrorCode.TooLarge, "request body is larger than the server accepts"),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } bad => (ErrorCode.UnsupportedFormat, bad.Message),
        BadHttpRequestException bad => (ErrorCode.InvalidArgument, bad.Message),
        JsonException json => (ErrorCode.InvalidArgument, $"request body is not valid JSON: {json.Message}"),
        _ => (ErrorCode.Internal, "an unexpected error occurred; the server log has the details under this trace id"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} rejected: {Code} ({Status})")]
    private static partial void LogRejected(ILogger logger, string method, string path, string code, int status);
}
