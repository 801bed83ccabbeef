using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// Issue 3, item 2: a web site crawled into a domain through <see cref="KnowledgeBase.IngestAsync"/> and searched;
/// re-crawled with ETags (304s change nothing), with a page removed (its document goes), with a page failing (its
/// document stays), and refused when loopback is not allowed. The site is a real Kestrel on 127.0.0.1.
/// </summary>
public sealed class WebIngestionTests : IAsyncLifetime
{
    private const string AlphaCode = "zqwebalpha";
    private const string BetaCode = "zqwebbeta";
    private const string GammaCode = "zqwebgamma";
    private const string NavCode = "zqwebnavbar";

    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, int Status)> _requests = new();
    private readonly TestFolder _folder = new();
    private WebApplication _app = null!;
    private Uri _site = null!;

    public async ValueTask InitializeAsync()
    {
        (_app, var address) = await LoopbackApp.StartAsync(routes => routes.Run(ServeAsync));
        _site = new Uri(address + "/");

        _pages["/robots.txt"] = "User-agent: *\nDisallow: /internal/\n";
        _pages["/"] = Page("混语门户", "欢迎访问企业知识门户，这里汇集了制度与流程。", "/policy/leave", "/policy/travel", "/internal/salary");
        _pages["/policy/leave"] = Page("请假制度", $"员工每年享有十五天带薪年假，请假需提前三天申请，编号 {AlphaCode} 。", "/");
        _pages["/policy/travel"] = Page("差旅制度", $"出差住宿标准按城市分级报销，编号 {BetaCode} 。", "/", "/policy/travel/faq");
        _pages["/policy/travel/faq"] = Page("差旅问答", $"机票须经审批后预订，编号 {GammaCode} 。");
        _pages["/internal/salary"] = Page("薪酬", "不应被抓取的内部页面 zqwebsecret 。");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task IngestAsync_WebSite_IndexesMainContentAndSearchFindsIt()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);

        var result = await knowledge.IngestAsync(Request(Crawler()));

        Assert.Equal(WebCrawler.ConnectorKind, result.Source.Kind);
        Assert.Equal(Url("/"), result.Source.Location);
        Assert.True(File.Exists(Path.Combine(StateDirectoryOf(result.Source.Id), "state.json")));
        Assert.Equal(4, result.Report.Added);
        Assert.Empty(result.Report.Failed);
        var hit = Assert.Single(await knowledge.SearchAsync(AlphaCode));
        Assert.Equal("web", hit.Domain);
        var document = Assert.Single(await knowledge.AllDocumentsAsync("web"), d => d.Title == "请假制度");
        Assert.Equal(Url("/policy/leave"), document.Key);
        Assert.Equal(Url("/policy/leave"), document.Uri);
        Assert.Single(await knowledge.SearchAsync("带薪年假"));

        // Navigation and footers are not indexed; robots.txt kept /internal/ out.
        Assert.Empty(await knowledge.SearchAsync(NavCode));
        Assert.Empty(await knowledge.SearchAsync("zqwebsecret"));
        Assert.DoesNotContain(_requests, request => request.Path.StartsWith("/internal/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IngestAsync_RecrawlOfUnchangedSite_Gets304sAndChangesNothing()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        await knowledge.IngestAsync(Request(Crawler()));
        var before = _requests.Count;

        var crawler = Crawler();
        var result = await knowledge.IngestAsync(Request(crawler));

        Assert.Equal((0, 0, 4, 0), (result.Report.Added, result.Report.Updated, result.Report.Unchanged, result.Report.Deleted));
        Assert.Empty(result.Report.Failed);
        var pages = _requests.Skip(before).Where(request => request.Path != "/robots.txt").ToList();
        Assert.Equal(4, pages.Count);
        Assert.All(pages, request => Assert.Equal(304, request.Status));
        Assert.Equal(4, crawler.LastReport!.NotModified);
        Assert.Single(await knowledge.SearchAsync(GammaCode));
    }

    [Fact]
    public async Task IngestAsync_PageRemovedFromSite_IsDeletedAfterTheNextCrawl()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        await knowledge.IngestAsync(Request(Crawler()));
        Assert.Single(await knowledge.SearchAsync(GammaCode));
        _pages.TryRemove("/policy/travel/faq", out _);

        var crawler = Crawler();
        var result = await knowledge.IngestAsync(Request(crawler));

        Assert.Equal(1, result.Report.Deleted);
        Assert.Equal(3, result.Report.Unchanged);
        Assert.Empty(result.Report.Failed);
        Assert.Contains(crawler.LastReport!.Skipped, skip => skip.Url == Url("/policy/travel/faq") && skip.Reason.StartsWith("gone (HTTP 404", StringComparison.Ordinal));
        Assert.Empty(await knowledge.SearchAsync(GammaCode));
        Assert.Equal(3, (await knowledge.AllDocumentsAsync("web")).Count);
    }

    [Fact]
    public async Task IngestAsync_PageFailingOnRecrawl_KeepsItsDocumentAndThePagesBehindIt()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        await knowledge.IngestAsync(Request(Crawler()));
        _statuses["/policy/travel"] = 503;

        var result = await knowledge.IngestAsync(Request(Crawler()));

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal((Url("/policy/travel"), "source_unavailable"), (failure.Input, failure.Code));
        Assert.Contains("HTTP 503", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.Report.Deleted);
        Assert.Single(await knowledge.SearchAsync(BetaCode));

        // The FAQ is linked only from the failing page: its last known links kept it in the crawl.
        Assert.Single(await knowledge.SearchAsync(GammaCode));
    }

    [Fact]
    public async Task IngestAsync_ChangedPage_IsUpdated()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        await knowledge.IngestAsync(Request(Crawler()));
        _pages["/policy/leave"] = Page("请假制度", "员工每年享有二十天带薪年假，编号 zqwebalphatwo 。", "/");

        var result = await knowledge.IngestAsync(Request(Crawler()));

        Assert.Equal((1, 3), (result.Report.Updated, result.Report.Unchanged));
        Assert.Empty(await knowledge.SearchAsync(AlphaCode));
        Assert.Single(await knowledge.SearchAsync("zqwebalphatwo"));
    }

    [Fact]
    public async Task IngestAsync_LoopbackNotAllowed_ReportsARefusalAndIndexesNothing()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        var crawler = new WebCrawler(new WebCrawlOptions { Urls = [Url("/")], MinRequestInterval = TimeSpan.Zero }, ParserRegistry.CreateDefault());

        var result = await knowledge.IngestAsync(Request(crawler));

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal("address_not_allowed", failure.Code);
        Assert.Contains("127.0.0.1 is a loopback address; set Hunyu:Ingestion:Web:AllowLoopback to allow it", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.Report.Added);
        Assert.Empty(_requests);
    }

    private static string Page(string title, string text, params string[] links) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
        <body>
          <header><nav>导航 {NavCode} {string.Concat(links.Select(link => $"<a href=\"{link}\">{link}</a> "))}</nav></header>
          <main><article><h1>{title}</h1><p>{text}</p></article></main>
          <footer>© 混语 {NavCode}</footer>
        </body></html>
        """;

    private static IngestionRequest Request(WebCrawler crawler) =>
        new() { Connector = crawler, Domain = "web", Kind = DomainKind.Internet };

    private string Url(string path) => new Uri(_site, path).AbsoluteUri;

    /// <summary>A crawler of the site whose state lives in <c>&lt;data&gt;/connectors/&lt;source id&gt;</c>.</summary>
    private WebCrawler Crawler()
    {
        var options = new WebCrawlOptions { Urls = [Url("/")], AllowLoopback = true, MinRequestInterval = TimeSpan.Zero };
        var sourceId = DocumentIds.ForSource("web", WebCrawler.ConnectorKind, WebCrawler.LocationOf(options));
        return new WebCrawler(options with { StateDirectory = StateDirectoryOf(sourceId) }, ParserRegistry.CreateDefault());
    }

    private string StateDirectoryOf(string sourceId) => Path.Combine(_folder.Data, "connectors", sourceId);

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (_statuses.TryGetValue(path, out var status))
            {
                context.Response.StatusCode = status;
                return;
            }

            if (!_pages.TryGetValue(path, out var content))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var body = Encoding.UTF8.GetBytes(content);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.ContentType = path.EndsWith(".txt", StringComparison.Ordinal) ? "text/plain" : "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(body);
        }
        finally
        {
            _requests.Enqueue((path, context.Response.StatusCode));
        }
    }
}
