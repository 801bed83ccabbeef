using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// The crawler's state folder: <c>state.json</c> (a manifest), <c>pages/&lt;hash&gt;.json</c> (one
/// <see cref="CachedPage"/> per URL) and <c>sitemaps/&lt;hash&gt;.json</c> (one <see cref="CachedSitemap"/> per
/// sitemap), the hash being the first 32 hex digits of the SHA-256 of the canonical URL.
/// </summary>
/// <remarks>
/// Each file is written whole to a temporary file and then renamed over the old one, so a crash leaves the old or the
/// new copy, never half of one; validators and documents live in the same file, so they always belong together.
/// Files of URLs not met in a crawl that ran to the end are removed by <see cref="Prune"/>. The cache is a help, not a
/// record: a file that cannot be read is treated as absent (the page is read in full), and one that cannot be written
/// is logged. Not thread-safe; one per crawl.
/// </remarks>
internal sealed class CrawlStateStore
{
    /// <summary>The layout written; a folder of another version is started afresh.</summary>
    public const int LayoutVersion = 1;

    private const string ManifestFile = "state.json";
    private const string PagesFolder = "pages";
    private const string SitemapsFolder = "sitemaps";

    private readonly string _directory;
    private readonly string _location;
    private readonly ILogger _logger;
    private readonly HashSet<string> _kept = new(StringComparer.Ordinal);

    private CrawlStateStore(string directory, string location, ILogger logger)
    {
        _directory = directory;
        _location = location;
        _logger = logger;
    }

    /// <summary>Opens (creating) the folder; a folder left by another source or layout has its cache cleared.</summary>
    /// <exception cref="Core.Errors.HunyuException"><c>store_unavailable</c>: the folder cannot be created.</exception>
    public static CrawlStateStore Open(string directory, string location, ILogger logger)
    {
        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(Path.Combine(full, PagesFolder));
            Directory.CreateDirectory(Path.Combine(full, SitemapsFolder));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.Errors.HunyuException(Core.Errors.ErrorCode.StoreUnavailable, $"{full}: cannot create the crawl state folder ({e.Message})", e);
        }

        var store = new CrawlStateStore(full, location, logger);
        var manifest = store.Read(Path.Combine(full, ManifestFile), CrawlStateJsonContext.Default.CrawlStateManifest);
        if (manifest is not null && (manifest.Version != LayoutVersion || manifest.Location != location))
        {
            WebCrawlerLog.StateReset(logger, full, manifest.Location);
            store.DeleteAll(PagesFolder);
            store.DeleteAll(SitemapsFolder);
        }

        return store;
    }

    /// <summary>The cached page of <paramref name="url"/>; null when there is none or it cannot be read.</summary>
    public CachedPage? LoadPage(Uri url)
    {
        var page = Read(PathOf(PagesFolder, url), CrawlStateJsonContext.Default.CachedPage);
        return page is not null && page.Url == CanonicalUrl.Key(url) ? page : null;
    }

    /// <summary>Writes the page's file and keeps it.</summary>
    public void SavePage(CachedPage page)
    {
        var url = new Uri(page.Url);
        Keep(url);
        Write(PathOf(PagesFolder, url), page, CrawlStateJsonContext.Default.CachedPage);
    }

    /// <summary>Keeps the page's file through <see cref="Prune"/>.</summary>
    public void Keep(Uri url) => _kept.Add(PathOf(PagesFolder, url));

    /// <summary>Removes the page's file now (the page is gone from the site).</summary>
    public void DeletePage(Uri url)
    {
        var path = PathOf(PagesFolder, url);
        _kept.Remove(path);
        TryDelete(path);
    }

    /// <summary>The last list of <paramref name="url"/>; null when there is none.</summary>
    public CachedSitemap? LoadSitemap(Uri url)
    {
        var sitemap = Read(PathOf(SitemapsFolder, url), CrawlStateJsonContext.Default.CachedSitemap);
        if (sitemap is null || sitemap.Url != CanonicalUrl.Key(url))
        {
            return null;
        }

        _kept.Add(PathOf(SitemapsFolder, url));
        return sitemap;
    }

    /// <summary>Writes the sitemap's file and keeps it.</summary>
    public void SaveSitemap(CachedSitemap sitemap)
    {
        var path = PathOf(SitemapsFolder, new Uri(sitemap.Url));
        _kept.Add(path);
        Write(path, sitemap, CrawlStateJsonContext.Default.CachedSitemap);
    }

    /// <summary>After a crawl that ran to the end: removes the files of URLs not met, and writes the manifest.</summary>
    public void Prune(DateTimeOffset completedAt)
    {
        var pages = 0;
        foreach (var folder in new[] { PagesFolder, SitemapsFolder })
        {
            foreach (var path in Files(folder))
            {
                if (_kept.Contains(path))
                {
                    pages += folder == PagesFolder ? 1 : 0;
                }
                else
                {
                    TryDelete(path);
                }
            }
        }

        Write(Path.Combine(_directory, ManifestFile), new CrawlStateManifest(LayoutVersion, _location, completedAt, pages), CrawlStateJsonContext.Default.CrawlStateManifest);
    }

    private string PathOf(string folder, Uri url)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalUrl.Key(url))).AsSpan(0, 16));
        return Path.Combine(_directory, folder, hash + ".json");
    }

    private IEnumerable<string> Files(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(Path.Combine(_directory, folder), "*.json").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WebCrawlerLog.StateIoFailed(_logger, folder, e.Message);
            return [];
        }
    }

    private void DeleteAll(string folder)
    {
        foreach (var path in Files(folder))
        {
            TryDelete(path);
        }
    }

    private T? Read<T>(string path, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, type);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            WebCrawlerLog.StateIoFailed(_logger, path, e.Message);
            return null;
        }
    }

    private void Write<T>(string path, T value, JsonTypeInfo<T> type)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, value, type);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WebCrawlerLog.StateIoFailed(_logger, path, e.Message);
            TryDelete(temporary);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WebCrawlerLog.StateIoFailed(_logger, path, e.Message);
        }
    }
}
