using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Notes;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;
using Hunyu.Models.Rerank;
using Hunyu.Models.Tests.Rerank;
using Hunyu.Search.Tests.WebSearch;
using Hunyu.Search.WebSearch;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// One question over every kind of domain at once: files, a SQL table, crawled pages, personal notes and a live web
/// search engine, fused into one cited list with per-domain counts; a failing part becomes a warning.
/// </summary>
public sealed class MixedDomainSearchTests
{
    private const string Question = "zqmixed 差旅报销";

    [Fact]
    public async Task SearchAsync_EveryKindOfDomain_ReturnsOneFusedListWithFacets()
    {
        await using var site = await FakeSearchEngine.StartAsync();
        site.Answer = Site;
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { WebSearch = WebDomain(site) });
        await IngestEverythingAsync(folder, knowledge, site);
        var note = await new PersonalNotes(knowledge).AddAsync(Principal.LocalAdmin, "我的备忘", "zqmixed 差旅报销单据周五交");

        var result = await knowledge.SearchAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin, Explain = true });

        Assert.Empty(result.Warnings);
        string[] expected = ["handbook", "internet", note.Domain, "tickets", "web"];
        Assert.Equal(expected, result.Hits.Select(h => h.Domain).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(expected, result.DomainCounts.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Hits, hit => Assert.False(string.IsNullOrEmpty(hit.CitationId)));
        var live = result.Hits.Single(h => h.Domain == "internet");
        Assert.Equal(new Uri(site.BaseUrl, "/news/1").AbsoluteUri, live.Uri);
        Assert.Contains("no comparable scores", live.Explanation, StringComparison.Ordinal);
        Assert.Contains("all domains", result.Routing, StringComparison.Ordinal);
        var ticket = result.Hits.Single(h => h.Domain == "tickets");
        Assert.Equal(("1", "报销工单"), (ticket.Fields["id"], ticket.Fields["title"]));
    }

    [Fact]
    public async Task SearchAsync_FilterOnARowField_ReturnsOnlyMatchingRows()
    {
        await using var site = await FakeSearchEngine.StartAsync();
        site.Answer = Site;
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await IngestEverythingAsync(folder, knowledge, site);

        var both = await knowledge.SearchAsync(new SearchRequest { Query = "报销 网络", Principal = Principal.LocalAdmin, Domains = ["tickets"] });
        var filtered = await knowledge.SearchAsync(new SearchRequest { Query = "报销 网络", Principal = Principal.LocalAdmin, Domains = ["tickets"], Metadata = new Dictionary<string, string> { ["id"] = "2" } });

        Assert.Equal(2, both.Hits.Count);
        Assert.Equal("网络故障", Assert.Single(filtered.Hits).Fields["title"]);
    }

    [Fact]
    public async Task SearchAsync_WebSearchEngineDown_OtherDomainsAnswerWithWarning()
    {
        await using var site = await FakeSearchEngine.StartAsync();
        site.Answer = context => context.Request.Path.StartsWithSegments("/search")
            ? FakeSearchEngine.Json(context, """{"error":"overloaded"}""", 503)
            : Site(context);
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { WebSearch = WebDomain(site) });
        await IngestEverythingAsync(folder, knowledge, site);

        var result = await knowledge.SearchAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin });

        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("internet", ErrorCode.SourceUnavailable.Code), (warning.Domain, warning.Code));
        Assert.Contains("handbook", result.DomainCounts.Keys);
        Assert.DoesNotContain(result.Hits, h => h.Domain == "internet");
    }

    [Fact]
    public async Task SearchAsync_WithReranker_OrdersByTheModelAndExplains()
    {
        await using var reranker = await FakeRerankServer.StartAsync();
        using var folder = new TestFolder();
        folder.Write("a.md", "# 甲\n\n报销");
        folder.Write("b.md", "# 乙\n\n差旅报销 标准 报销 报销");
        folder.Write("c.md", "# 丙\n\n差旅报销标准与流程");
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = reranker.Endpoint, Model = "fake" }) });
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });

        var result = await knowledge.SearchAsync(new SearchRequest { Query = "差旅报销流程", Principal = Principal.LocalAdmin, Explain = true, Limit = 2 });

        Assert.Empty(result.Warnings);
        Assert.Equal(2, result.Hits.Count);
        var expected = result.Hits.Select(h => FakeRerankServer.ScoreOf("差旅报销流程", h.Text)).ToList();
        Assert.Equal(expected.OrderDescending(), expected);
        Assert.Equal("c.md", result.Hits[0].DocumentKey);
        Assert.StartsWith("reranked: score", result.Hits[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(reranker.Requests).Documents.Count);
    }

    [Fact]
    public async Task SearchAsync_RerankerDown_KeepsFusedOrderWithWarning()
    {
        using var folder = new TestFolder();
        folder.Write("a.md", "# 甲\n\n差旅报销");
        // Nothing listens on port 9 of the loopback address.
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Reranker = new HttpReranker(new HttpRerankerOptions { Endpoint = "http://127.0.0.1:9/v1", Model = "fake" }) });
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });
        folder.Write("b.md", "# 乙\n\n差旅报销 标准");
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });

        var result = await knowledge.SearchAsync(new SearchRequest { Query = "差旅报销", Principal = Principal.LocalAdmin });

        Assert.Equal(2, result.Hits.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(ErrorCode.ModelUnavailable.Code, warning.Code);
        Assert.StartsWith("rerank: ", warning.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, IWebSearchProvider> WebDomain(FakeSearchEngine site) => new()
    {
        ["internet"] = new JsonWebSearchProvider(new JsonWebSearchOptions
        {
            Name = "internet",
            UrlTemplate = site.BaseUrl.AbsoluteUri + "search?q={query}&format=json",
            SnippetField = "content",
            AllowLoopback = true,
        }),
    };

    private static async Task IngestEverythingAsync(TestFolder folder, KnowledgeBase knowledge, FakeSearchEngine site)
    {
        folder.Write("handbook/travel.md", "# 差旅制度\n\nzqmixed 差旅报销须在返回后十五日内提交。");
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "handbook"), Domain = "handbook" });

        var database = Path.Combine(folder.Root, "tickets.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT, body TEXT); " +
                "INSERT INTO tickets VALUES (1, '报销工单', 'zqmixed 差旅报销金额有误，请财务复核'), (2, '网络故障', '三楼无线网络中断');";
            await create.ExecuteNonQueryAsync();
        }

        var sql = new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = $"Data Source={database};Pooling=False", Table = "tickets", KeyColumns = ["id"], TitleColumn = "title", TextColumns = ["body"] });
        await knowledge.IngestAsync(new IngestionRequest { Connector = sql, Domain = "tickets", Kind = DomainKind.Business });

        var crawler = new WebCrawler(new WebCrawlOptions { Urls = [new Uri(site.BaseUrl, "/policy").AbsoluteUri], AllowLoopback = true, MinRequestInterval = TimeSpan.Zero, MaxDepth = 0 }, ParserRegistry.CreateDefault());
        await knowledge.IngestAsync(new IngestionRequest { Connector = crawler, Domain = "web", Kind = DomainKind.Internet });
    }

    /// <summary>A small site: one policy page to crawl, and a SearXNG-style search answer.</summary>
    private static Task Site(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/search"))
        {
            var news = new Uri(new Uri($"{context.Request.Scheme}://{context.Request.Host}"), "/news/1").AbsoluteUri;
            return FakeSearchEngine.Json(context, $$"""{"results":[{"title":"差旅报销新规","url":"{{news}}","content":"zqmixed 财政部发布差旅报销新规定"}]}""");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("<html><head><title>公司差旅政策</title></head><body><main><h1>差旅政策</h1><p>zqmixed 差旅报销以发票为准，住宿标准按城市分级。</p></main></body></html>");
    }
}
