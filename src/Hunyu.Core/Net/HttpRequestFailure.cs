using Hunyu.Core.Errors;

namespace Hunyu.Core.Net;

/// <summary>Explains a failed HTTP request in one line, the same way for every client Hunyu runs (crawler, providers).</summary>
public static class HttpRequestFailure
{
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
}
