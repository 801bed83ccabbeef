using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Routing;

namespace Hunyu.Hosting.Tests;

/// <summary>The router narrows the domains of a question by rules and says why; requests naming domains bypass it.</summary>
public sealed class RoutingTests
{
    [Fact]
    public async Task SearchAsync_RuleMatches_SearchesOnlyItsDomainAndSaysWhy()
    {
        using var folder = TwoDomains(out var knowledge);
        using (knowledge)
        {
            var routed = await knowledge.SearchAsync(new SearchRequest { Query = "劳动合同 年假", Principal = Principal.LocalAdmin });
            var unrouted = await knowledge.SearchAsync(new SearchRequest { Query = "年假", Principal = Principal.LocalAdmin });
            var named = await knowledge.SearchAsync(new SearchRequest { Query = "劳动合同 年假", Principal = Principal.LocalAdmin, Domains = ["handbook"] });

            Assert.Equal(["statutes"], routed.DomainCounts.Keys);
            Assert.Contains("'劳动合同' → statutes", routed.Routing, StringComparison.Ordinal);
            Assert.Equal(["handbook", "statutes"], unrouted.DomainCounts.Keys.Order(StringComparer.Ordinal));
            Assert.Contains("no routing rule matched", unrouted.Routing, StringComparison.Ordinal);
            Assert.Equal(["handbook"], named.DomainCounts.Keys);
        }
    }

    [Fact]
    public void Route_NoRules_SendsEverywhere()
    {
        var (domains, reason) = KeywordRouter.All.Route("anything", ["a", "b"]);

        Assert.Equal(["a", "b"], domains);
        Assert.Equal("all domains: a, b", reason);
    }

    [Fact]
    public void Route_FullWidthAndCase_MatchAfterNormalisation()
    {
        var router = new KeywordRouter(new Dictionary<string, IReadOnlyList<string>> { ["web"] = ["News"] });

        Assert.Equal(["web"], router.Route("latest ｎｅｗｓ today", ["web", "docs"]).Domains);
    }

    private static TestFolder TwoDomains(out KnowledgeBase knowledge)
    {
        var folder = new TestFolder();
        folder.Write("statutes/law.md", "# 劳动合同法\n\n劳动者连续工作满十二个月以上的，享受带薪年假。");
        folder.Write("handbook/leave.md", "# 年假\n\n员工入职满一年享有五天带薪年假。");
        knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions
        {
            Router = new KeywordRouter(new Dictionary<string, IReadOnlyList<string>> { ["statutes"] = ["劳动合同", "法律"] }),
        });
        foreach (var domain in new[] { "statutes", "handbook" })
        {
            knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, domain), Domain = domain }).GetAwaiter().GetResult();
        }

        return folder;
    }
}
