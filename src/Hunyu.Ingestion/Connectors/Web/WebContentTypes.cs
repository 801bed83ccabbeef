using System.Collections.Frozen;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>Maps a response's media type to the file extension whose parser reads it.</summary>
internal static class WebContentTypes
{
    private static readonly FrozenDictionary<string, string> ByMediaType = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["text/html"] = ".html",
        ["application/xhtml+xml"] = ".html",
        ["application/pdf"] = ".pdf",
        ["text/plain"] = ".txt",
        ["text/markdown"] = ".md",
        ["text/x-markdown"] = ".md",
        ["text/csv"] = ".csv",
        ["text/tab-separated-values"] = ".tsv",
        ["application/json"] = ".json",
        ["application/x-ndjson"] = ".jsonl",
        ["application/jsonl"] = ".jsonl",
        ["application/x-jsonlines"] = ".jsonl",
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = ".docx",
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = ".xlsx",
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = ".pptx",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The extension for <paramref name="mediaType"/>; for a generic binary type or none, the extension of the URL's
    /// path; null when neither says.
    /// </summary>
    public static string? ExtensionOf(string? mediaType, Uri url)
    {
        if (mediaType is not null && ByMediaType.TryGetValue(mediaType, out var extension))
        {
            return extension;
        }

        if (mediaType is null or "application/octet-stream" or "binary/octet-stream" or "application/x-download" or "application/force-download")
        {
            var fromPath = Path.GetExtension(url.AbsolutePath);
            return fromPath.Length > 1 ? fromPath.ToLowerInvariant() : null;
        }

        return null;
    }

    /// <summary>True for the HTML extensions, whose links are followed.</summary>
    public static bool IsHtml(string extension) => extension is ".html" or ".htm";
}
