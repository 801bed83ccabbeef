using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Hunyu.Server.Http;

/// <summary>Server-Sent Events: the response headers, one event at a time, and the rule for failures mid-stream.</summary>
internal static partial class EventStream
{
    /// <summary>The media type of an event stream.</summary>
    public const string ContentType = "text/event-stream";

    /// <summary>True when the request's <c>Accept</c> header asks for an event stream.</summary>
    public static bool IsAccepted(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Writes <paramref name="items"/> as events. The first item is awaited before the response starts, so a request
    /// refused then (bad input) still gets its error status; a failure after the start is logged and written by
    /// <paramref name="writeError"/>; a client that goes away ends the stream quietly (the items' producer is cancelled).
    /// </summary>
    public static async Task WriteAsync<T>(
        HttpContext context,
        IAsyncEnumerable<T> items,
        Func<T, CancellationToken, Task> write,
        Func<ErrorCode, string, CancellationToken, Task> writeError,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(writeError);
        var cancellationToken = context.RequestAborted;
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        var any = await enumerator.MoveNextAsync();
        Start(context.Response);
        if (!any)
        {
            return;
        }

        try
        {
            do
            {
                await write(enumerator.Current, cancellationToken);
            }
            while (await enumerator.MoveNextAsync());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogClientGone(logger, context.Request.Path.Value ?? "/");
        }
        catch (Exception e)
        {
            // The status line is gone: the failure can only be told as an event.
            var (error, detail) = ProblemExceptionHandler.Classify(e);
            LogFailed(logger, e, context.Request.Path.Value ?? "/", error.Code, ApiProblems.TraceId(context));
            await writeError(error, detail, cancellationToken);
        }
    }

    /// <summary>Writes one event (<c>event:</c> line when <paramref name="name"/> is set, then <c>data:</c>) and flushes it.</summary>
    public static async Task SendAsync(HttpResponse response, string? name, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder();
        if (name is not null)
        {
            text.Append("event: ").Append(name).Append('\n');
        }

        // A line break inside the data would end the field early; each line gets its own data: field.
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await response.WriteAsync(text.Append('\n').ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // PERF: a reverse proxy must pass each event on at once instead of buffering the answer.
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.Remove(HeaderNames.ContentLength);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path}: the client went away mid-stream; the answer was cancelled")]
    private static partial void LogClientGone(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the stream failed after it started: {Code} (trace {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path, string code, string traceId);
}
