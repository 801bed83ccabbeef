using System.IO.Compression;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

public sealed class SitemapReaderTests
{
    [Fact]
    public async Task ReadAsync_Urlset_ListsItsPages()
    {
        var sitemap = await ReadAsync("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- generated -->
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
              <url><loc> https://example.com/a </loc><lastmod>2025-01-01</lastmod><image:image><image:loc>https://example.com/i.png</image:loc></image:image></url>
              <url><loc>https://example.com/b?x=1&amp;y=2</loc></url>
            </urlset>
            """);

        Assert.Equal(["https://example.com/a", "https://example.com/b?x=1&y=2"], sitemap.Pages);
        Assert.Empty(sitemap.Sitemaps);
    }

    [Fact]
    public async Task ReadAsync_SitemapIndex_ListsItsSitemaps()
    {
        var sitemap = await ReadAsync("""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://example.com/s1.xml.gz</loc></sitemap></sitemapindex>""");

        Assert.Equal(["https://example.com/s1.xml.gz"], sitemap.Sitemaps);
        Assert.Empty(sitemap.Pages);
    }

    [Fact]
    public async Task ReadAsync_Gzipped_IsDecompressed()
    {
        var sitemap = await ReadAsync(Gzip("""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/z</loc></url></urlset>"""));

        Assert.Equal(["https://example.com/z"], sitemap.Pages);
    }

    [Fact]
    public async Task ReadAsync_PlainText_ListsOneUrlPerLine()
    {
        var sitemap = await ReadAsync("\uFEFFhttps://example.com/a\r\n\r\nhttps://example.com/b\n");

        Assert.Equal(["https://example.com/a", "https://example.com/b"], sitemap.Pages);
    }

    [Fact]
    public async Task ReadAsync_MoreUrlsThanTheLimit_KeepsTheFirstAndCountsTheRest()
    {
        var sitemap = await ReadAsync(string.Join("\n", Enumerable.Range(0, 10).Select(i => $"https://example.com/{i}")), maxUrls: 3);

        Assert.Equal(3, sitemap.Pages.Count);
        Assert.Equal(7, sitemap.Dropped);
    }

    [Fact]
    public async Task ReadAsync_ExternalEntity_IsRefused()
    {
        var error = await Assert.ThrowsAsync<HunyuException>(() => ReadAsync("""
            <?xml version="1.0"?>
            <!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <urlset><url><loc>&xxe;</loc></url></urlset>
            """));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("not a readable sitemap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_GzipBomb_IsRefusedAtTheLimit()
    {
        var bomb = Gzip("<urlset>" + new string(' ', 4 * 1024 * 1024) + "</urlset>");

        var error = await Assert.ThrowsAsync<HunyuException>(() => ReadAsync(bomb, maxBytes: 1024 * 1024));

        Assert.Equal(ErrorCode.TooLarge, error.Error);
        Assert.Contains("limit is 1 MB (Hunyu:Ingestion:Web:MaxSitemapBytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HtmlPage_IsNotASitemap()
    {
        var error = await Assert.ThrowsAsync<HunyuException>(() => ReadAsync("<html><body>hi</body></html>"));

        Assert.Contains("the root element is <html>", error.Message, StringComparison.Ordinal);
    }

    private static Task<Sitemap> ReadAsync(string text, long maxBytes = 1024 * 1024, int maxUrls = 100) =>
        ReadAsync(Encoding.UTF8.GetBytes(text), maxBytes, maxUrls);

    private static async Task<Sitemap> ReadAsync(byte[] bytes, long maxBytes = 1024 * 1024, int maxUrls = 100)
    {
        using var stream = new MemoryStream(bytes);
        return await SitemapReader.ReadAsync(stream, "https://example.com/sitemap.xml", maxBytes, maxUrls, CancellationToken.None);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
