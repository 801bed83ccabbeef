using System.Text;
using System.Text.Json;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Tests.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

/// <summary>Crawling again with a state folder: conditional requests, 304s, gone pages and passing failures.</summary>
public sealed class WebCrawlerRecrawlTests : IAsyncLifetime
{
    private readonly TempFolder _state = new();
    private TestSite _site = null!;

    public async ValueTask InitializeAsync() => _site = await TestSite.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _site.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task ReadAsync_SecondCrawl_Gets304sAndYieldsTheSameDocuments()
    {
        BuildSite();
        var first = await NewCrawler().CrawlAsync();
        var before = _site.Requests.Count;

        var crawler = NewCrawler();
        var second = await crawler.CrawlAsync();

        Assert.Equal(first.Select(item => item.Key), second.Select(item => item.Key));
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(Json(a.Documents()), Json(b.Documents()));
        }

        var again = _site.Requests.Skip(before).Where(request => request.Path != "/robots.txt").ToList();
        Assert.Equal(3, again.Count);
        Assert.All(again, request => Assert.Equal(304, request.Status));
        Assert.All(again, request => Assert.NotNull(request.IfNoneMatch));
        Assert.All(again, request => Assert.Equal(TestSite.LastModified.ToString("R"), request.IfModifiedSince));
        Assert.Equal(3, crawler.LastReport!.NotModified);
        Assert.Equal(0, crawler.LastReport.PagesRead);
    }

    [Fact]
    public async Task ReadAsync_ChangedPage_IsReadAgainInFull()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        _site.Page("/a", "甲", "甲页已更新 changedtoken", "/b");

        var items = await NewCrawler().CrawlAsync();

        Assert.Contains("changedtoken", items.Item(_site, "/a").Text(), StringComparison.Ordinal);
        Assert.Equal(304, _site.Requests.Last(request => request.Path == "/").Status);
    }

    [Fact]
    public async Task ReadAsync_PageGoneAfterIndexing_IsLeftOutAndNoted()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        _site.Remove("/b");
        var crawler = NewCrawler();

        var items = await crawler.CrawlAsync();

        Assert.Equal([_site.Url("/"), _site.Url("/a")], items.Select(item => item.Key));
        Assert.Equal(1, crawler.LastReport!.Gone);
        Assert.Contains(new WebCrawlSkip(_site.Url("/b"), "gone (HTTP 404 Not Found); its documents are removed"), crawler.LastReport.Skipped);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_state.FullPath, "pages")).Length);
    }

    [Fact]
    public async Task ReadAsync_PageNoLongerLinked_IsNotYieldedAndItsStateIsPruned()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        _site.Page("/a", "甲", "甲页不再链接乙页");

        var items = await NewCrawler().CrawlAsync();

        Assert.Equal([_site.Url("/"), _site.Url("/a")], items.Select(item => item.Key));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_state.FullPath, "pages")).Length);
    }

    [Fact]
    public async Task ReadAsync_PageFailingOnRecrawl_YieldsProblemAndStillFollowsItsLastLinks()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        _site.Status("/a", 503);

        var items = await NewCrawler().CrawlAsync();

        Assert.Equal("source_unavailable", items.Item(_site, "/a").Problem!.Error.Code);
        Assert.Null(items.Item(_site, "/b").Problem);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_state.FullPath, "pages")).Length);
    }

    [Fact]
    public async Task ReadAsync_SitemapFailingOnRecrawl_UsesItsLastList()
    {
        _site.Page("/s1", "一", "站点地图页");
        _site.Content("/sitemap.xml", "application/xml", Encoding.UTF8.GetBytes($"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{_site.Url("/s1")}</loc></url></urlset>"""));
        var options = Options() with { Urls = [], Sitemaps = [_site.Url("/sitemap.xml")] };
        await CrawlFixtures.Crawler(options).CrawlAsync();
        _site.Status("/sitemap.xml", 500);

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        Assert.Contains("its list from", items.Item(_site, "/sitemap.xml").Problem!.Message, StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/s1").Problem);
    }

    [Fact]
    public async Task ReadAsync_WithState_WritesAManifestAndOneFilePerPage()
    {
        BuildSite();
        var crawler = NewCrawler();

        await crawler.CrawlAsync();

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_state.FullPath, "state.json")));
        Assert.Equal(1, manifest.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(crawler.Location, manifest.RootElement.GetProperty("location").GetString());
        Assert.Equal(3, manifest.RootElement.GetProperty("pages").GetInt32());
        var pages = Directory.GetFiles(Path.Combine(_state.FullPath, "pages"), "*.json");
        Assert.Equal(3, pages.Length);
        using var page = JsonDocument.Parse(File.ReadAllText(pages[0]));
        Assert.StartsWith("\"", page.RootElement.GetProperty("eTag").GetString(), StringComparison.Ordinal);
        Assert.True(page.RootElement.GetProperty("documents").GetArrayLength() == 1);
    }

    [Fact]
    public async Task ReadAsync_StateOfAnotherSource_IsClearedAndPagesAreReadInFull()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        var manifest = Path.Combine(_state.FullPath, "state.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(_site.Url("/"), "https://other.example/", StringComparison.Ordinal));
        var before = _site.Requests.Count;

        await NewCrawler().CrawlAsync();

        Assert.All(_site.Requests.Skip(before).Where(request => request.Path != "/robots.txt"), request => Assert.Equal(200, request.Status));
    }

    [Fact]
    public async Task ReadAsync_CorruptStateFile_IsIgnoredAndThePageReadInFull()
    {
        BuildSite();
        await NewCrawler().CrawlAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(_state.FullPath, "pages")))
        {
            File.WriteAllText(file, "{ not json");
        }

        var items = await NewCrawler().CrawlAsync();

        Assert.Equal(3, items.Count);
        Assert.All(items, item => Assert.Null(item.Problem));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private void BuildSite()
    {
        _site.Page("/", "首页", "首页正文", "/a");
        _site.Page("/a", "甲", "甲页正文", "/b");
        _site.Page("/b", "乙", "乙页正文");
    }

    private WebCrawlOptions Options() => CrawlFixtures.Options(_site, "/") with { StateDirectory = _state.FullPath };

    private WebCrawler NewCrawler() => CrawlFixtures.Crawler(Options());
}
