using System.Globalization;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Core.Net;

/// <summary>Explains a failed HTTP request in one line, the same way for every client Hunyu runs (crawler, providers).</summary>
public static class HttpRequestFailure
{
    /// <summary>Most characters of a server's own error message that are quoted.</summary>
    public const int MaxServerMessageChars = 300;

    /// <summary>What replaces a secret that a server echoed back.</summary>
    public const string Redacted = "***";

    // Enough of an error body to find its message; the rest is never read.
    private const int MaxErrorBodyBytes = 8 * 1024;

    /// <summary>
    /// The <see cref="HunyuException"/> an <see cref="HttpRequestException"/> carries, e.g. the SSRF refusal a
    /// <see cref="GuardedConnector"/> threw while connecting; null when there is none.
    /// </summary>
    public static HunyuException? InnerHunyu(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HunyuException hunyu)
            {
                return hunyu;
            }
        }

        return null;
    }

    /// <summary>What went wrong, e.g. "cannot connect (Connection refused (127.0.0.1:9))"; never the request's headers.</summary>
    public static string Describe(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var what = exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name cannot be resolved",
            HttpRequestError.ConnectionError => "cannot connect",
            HttpRequestError.SecureConnectionError => "the TLS connection failed",
            HttpRequestError.ResponseEnded => "the connection closed early",
            HttpRequestError.InvalidResponse => "the response is not valid HTTP",
            _ => "the request failed",
        };
        return $"{what} ({MessageText.OneLine(exception.InnerException?.Message ?? exception.Message)})";
    }

    /// <summary>The status line, e.g. "HTTP 503 Service Unavailable".</summary>
    public static string StatusText(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}{(string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase)}");
    }

    /// <summary>
    /// An error response in one line: its status, when to retry (429, 503), and the server's own message — from a JSON
    /// body's <c>error.message</c>, <c>error</c>, <c>message</c> or <c>detail</c>, else the body's first line — cut to
    /// <see cref="MaxServerMessageChars"/> characters, e.g. "HTTP 429 Too Many Requests, retry after 30 s: quota exceeded".
    /// </summary>
    /// <param name="response">The error response; its body is read (at most 8 KB).</param>
    /// <param name="secret">SECURITY: an API key the request carried; servers sometimes quote it back, so it is replaced by <see cref="Redacted"/>.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static async Task<string> DescribeAsync(HttpResponseMessage response, string? secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder(StatusText(response));
        if (response.Headers.RetryAfter is { } retry && (retry.Delta ?? retry.Date - DateTimeOffset.UtcNow) is { } wait)
        {
            text.Append(CultureInfo.InvariantCulture, $", retry after {Math.Max(0, Math.Ceiling(wait.TotalSeconds))} s");
        }

        var message = ServerMessage(await ReadHeadAsync(response, cancellationToken));
        if (message.Length > 0)
        {
            text.Append(": ").Append(message.Length > MaxServerMessageChars ? message[..MaxServerMessageChars] + "…" : message);
        }

        return Redact(text.ToString(), secret);
    }

    /// <summary>SECURITY: <paramref name="text"/> with every occurrence of <paramref name="secret"/> (as is, or URL-encoded) replaced by <see cref="Redacted"/>.</summary>
    public static string Redact(string text, string? secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(secret))
        {
            return text;
        }

        return text.Replace(secret, Redacted, StringComparison.Ordinal).Replace(Uri.EscapeDataString(secret), Redacted, StringComparison.Ordinal);
    }

    private static async Task<string> ReadHeadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The status already says what failed; a body that breaks off adds nothing worth a second error.
            return string.Empty;
        }
    }

    private static string ServerMessage(string body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = json.RootElement;
                var message = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) ? nested
                    : root.TryGetProperty("error", out error) ? error
                    : root.TryGetProperty("message", out var plain) ? plain
                    : root.TryGetProperty("detail", out var detail) ? detail
                    : default;
                if (message.ValueKind != JsonValueKind.Undefined)
                {
                    return MessageText.OneLine(message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText());
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, plain text, or cut at 8 KB): quote its first line instead.
        }

        return body.Trim().Length == 0 ? string.Empty : MessageText.OneLine(body);
    }
}
