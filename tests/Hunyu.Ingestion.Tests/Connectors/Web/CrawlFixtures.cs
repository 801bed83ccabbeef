using System.Net;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

/// <summary>Short forms for crawling the test site.</summary>
internal static class CrawlFixtures
{
    public static readonly ParserRegistry Parsers = ParserRegistry.CreateDefault();

    /// <summary>Options for the local test site: loopback allowed (the site is on 127.0.0.1), no rate limit.</summary>
    public static WebCrawlOptions Options(TestSite site, params string[] paths) => new()
    {
        Urls = [.. paths.Select(site.Url)],
        AllowLoopback = true,
        MinRequestInterval = TimeSpan.Zero,
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public static WebCrawler Crawler(WebCrawlOptions options) => new(options, Parsers);

    /// <summary>A crawler whose host names resolve through <paramref name="hosts"/> instead of DNS.</summary>
    public static WebCrawler Crawler(WebCrawlOptions options, IReadOnlyDictionary<string, IPAddress[]> hosts) =>
        new(options, Parsers, null, null, (host, _) => Task.FromResult(hosts.TryGetValue(host, out var addresses) ? addresses : []));

    public static async Task<List<SourceItem>> CrawlAsync(this WebCrawler crawler, CancellationToken cancellationToken = default)
    {
        var items = new List<SourceItem>();
        await foreach (var item in crawler.ReadAsync(cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    public static IReadOnlyList<ParsedDocument> Documents(this SourceItem item)
    {
        Assert.Null(item.Problem);
        var problems = new List<ParseProblem>();
        var documents = item.ReadDocuments(problems).ToList();
        Assert.Empty(problems);
        return documents;
    }

    public static string Text(this SourceItem item) =>
        string.Join("\n", item.Documents().SelectMany(document => document.Blocks).Select(block => block.Text));

    public static SourceItem Item(this IEnumerable<SourceItem> items, TestSite site, string path) =>
        Assert.Single(items, item => item.Key == site.Url(path));
}
