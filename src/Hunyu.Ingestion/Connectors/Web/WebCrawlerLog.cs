using Microsoft.Extensions.Logging;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>The crawler's log messages; URLs are logged, page text never is.</summary>
internal static partial class WebCrawlerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "GET {Url}")]
    public static partial void Requesting(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Url}: {Reason}")]
    public static partial void Skipped(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page failed: {Code}: {Message}")]
    public static partial void PageFailed(ILogger logger, string code, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Crawl of {Location} finished: {Requested} pages requested, {Read} read, {NotModified} unchanged (304), {Failed} failed, {Gone} gone, {Skipped} skipped")]
    public static partial void Finished(ILogger logger, string location, int requested, int read, int notModified, int failed, int gone, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawl state {Path} could not be read or written: {Reason}")]
    public static partial void StateIoFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crawl state folder {Path} belonged to {Previous}; its cache was cleared")]
    public static partial void StateReset(ILogger logger, string path, string previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unexpected failure reading {Url}")]
    public static partial void Unexpected(ILogger logger, string url, Exception exception);
}
