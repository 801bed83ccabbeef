using Hunyu.Core.Errors;
using Hunyu.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hunyu.Server.OpenAI;

/// <summary>
/// Answers failures of the OpenAI-compatible endpoints in OpenAI's error shape (<c>{"error": {"message", "type",
/// "code"}}</c>) with the status of the code, so OpenAI clients raise their usual errors; the classification is the API's.
/// </summary>
internal sealed partial class OpenAIErrorFilter(ILogger<OpenAIErrorFilter> logger) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var (error, detail) = ProblemExceptionHandler.Classify(e);
            if (error == ErrorCode.Internal)
            {
                LogUnexpected(logger, e, http.Request.Path.Value ?? "/", ApiProblems.TraceId(http));
            }
            else
            {
                LogRejected(logger, http.Request.Path.Value ?? "/", error.Code, error.HttpStatus);
            }

            return Result(error.HttpStatus, OpenAIFormat.Error(error, detail).ToJsonString());
        }
    }

    /// <summary>A JSON response with <paramref name="status"/>.</summary>
    public static IResult Result(int status, string json) => TypedResults.Content(json, "application/json", System.Text.Encoding.UTF8, status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path, string traceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} rejected: {Code} ({Status})")]
    private static partial void LogRejected(ILogger logger, string path, string code, int status);
}
