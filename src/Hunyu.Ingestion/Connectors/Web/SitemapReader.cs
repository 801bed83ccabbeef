using System.IO.Compression;
using System.Xml;
using Hunyu.Core.Errors;
using Hunyu.Core.IO;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// Reads one sitemap as it streams in: a <c>urlset</c> (page URLs), a <c>sitemapindex</c> (more sitemaps), or plain
/// text (one URL a line), any of them gzip-compressed (detected by its magic bytes, whatever the headers say).
/// </summary>
/// <remarks>
/// Hand-written on <see cref="XmlReader"/>: no NuGet package served here reads sitemaps, and the format is two elements
/// deep. SECURITY: DTDs are refused and no external entity is ever resolved (XXE); the decompressed size is capped
/// (gzip bombs). Thread-safe: static and stateless.
/// </remarks>
internal static class SitemapReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 0,
        CloseInput = false,
    };

    /// <summary>Reads <paramref name="content"/> (which it does not close).</summary>
    /// <param name="content">The body as received.</param>
    /// <param name="name">The sitemap's URL, for messages.</param>
    /// <param name="maxBytes">Largest decompressed size.</param>
    /// <param name="maxUrls">Most URLs kept; more are counted in <see cref="Sitemap.Dropped"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="HunyuException"><c>too_large</c> past <paramref name="maxBytes"/>; <c>corrupt_input</c> for XML that is not well-formed or not a sitemap.</exception>
    public static async Task<Sitemap> ReadAsync(Stream content, string name, long maxBytes, int maxUrls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = new byte[2];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        Stream raw = new Parsing.ReplayStream(head.AsMemory(0, headLength), content);
        if (headLength == 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            raw = new GZipStream(raw, CompressionMode.Decompress);
        }

        await using var bounded = new BoundedReadStream(
            raw,
            maxBytes,
            () => new HunyuException(ErrorCode.TooLarge, $"{name}: sitemap is larger than {ByteSize.Format(maxBytes)} uncompressed; limit is {ByteSize.Format(maxBytes)} ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxSitemapBytes)})"));
        try
        {
            return await ReadXmlOrTextAsync(bounded, name, maxUrls, cancellationToken);
        }
        catch (XmlException e)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{name}: not a readable sitemap: {Parsing.ParserErrors.OneLine(e.Message)}", e);
        }
        catch (InvalidDataException e)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{name}: broken gzip data: {Parsing.ParserErrors.OneLine(e.Message)}", e);
        }
    }

    private static async Task<Sitemap> ReadXmlOrTextAsync(Stream content, string name, int maxUrls, CancellationToken cancellationToken)
    {
        // Peek past a BOM and white space: '<' means XML, anything else a text sitemap.
        var head = new byte[64];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var replay = new Parsing.ReplayStream(head.AsMemory(0, length), content);
        var start = head.AsSpan(0, length);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }

        start = start.TrimStart((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        return start.Length > 0 && start[0] == (byte)'<'
            ? await ReadXmlAsync(replay, name, maxUrls, cancellationToken)
            : await ReadTextAsync(replay, maxUrls, cancellationToken);
    }

    private static async Task<Sitemap> ReadXmlAsync(Stream content, string name, int maxUrls, CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(content, Settings);
        var pages = new List<string>();
        var sitemaps = new List<string>();
        var dropped = 0;
        string? root = null;
        var parent = string.Empty;
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (root is null)
            {
                root = reader.LocalName;
                if (root is not ("urlset" or "sitemapindex"))
                {
                    throw new HunyuException(ErrorCode.CorruptInput, $"{name}: not a sitemap: the root element is <{root}>, not <urlset> or <sitemapindex>");
                }

                continue;
            }

            if (reader.LocalName is "url" or "sitemap" && reader.Depth == 1)
            {
                parent = reader.LocalName;
                continue;
            }

            if (reader.LocalName != "loc" || reader.Depth != 2)
            {
                continue;
            }

            var location = (await reader.ReadElementContentAsStringAsync()).Trim();
            var list = root == "sitemapindex" && parent == "sitemap" ? sitemaps : root == "urlset" && parent == "url" ? pages : null;
            if (list is null || location.Length == 0)
            {
                continue;
            }

            if (pages.Count + sitemaps.Count >= maxUrls)
            {
                dropped++;
                continue;
            }

            list.Add(location);
        }

        return root is null
            ? throw new HunyuException(ErrorCode.CorruptInput, $"{name}: not a sitemap: no XML element")
            : new Sitemap(pages, sitemaps, dropped);
    }

    private static async Task<Sitemap> ReadTextAsync(Stream content, int maxUrls, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var pages = new List<string>();
        var dropped = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var url = line.Trim();
            if (url.Length == 0 || url.StartsWith('#'))
            {
                continue;
            }

            if (pages.Count >= maxUrls)
            {
                dropped++;
                continue;
            }

            pages.Add(url);
        }

        return new Sitemap(pages, [], dropped);
    }
}
