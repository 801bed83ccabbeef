using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Search.Lucene;

namespace Hunyu.Search.Tests.Lucene;

public sealed class LuceneKnowledgeSearcherTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hunyu-search-");
    private readonly DomainIndexSet _indexes;
    private readonly LuceneKnowledgeSearcher _searcher;

    public LuceneKnowledgeSearcherTests()
    {
        _indexes = new DomainIndexSet(_root.FullName);
        _searcher = new LuceneKnowledgeSearcher(_indexes);
    }

    public void Dispose()
    {
        _indexes.Dispose();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task SearchAsync_ChineseQuestion_RanksTheAnsweringPassageFirstWithHighlightedSnippet()
    {
        await IndexAsync("laws", "labour", "劳动合同法 第十九条", "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。");
        await IndexAsync("laws", "consumer", "消费者权益保护法 第二十四条", "经营者提供的商品或者服务不符合质量要求的，消费者可以要求退货。");

        var result = await SearchAsync("试用期最长多久？");

        Assert.Equal("labour", result.Hits[0].DocumentKey);
        Assert.Equal(1, result.Hits[0].Rank);
        Assert.Contains("<em>", result.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Equal(CitationIds.Format(result.Hits[0].DocumentId, 0), result.Hits[0].CitationId);
        Assert.Equal("laws", result.Hits[0].Domain);
    }

    [Fact]
    public async Task SearchAsync_AclDeniesThePrincipal_DocumentIsNeitherReturnedNorCounted()
    {
        await IndexAsync("hr", "salaries", "薪酬表", "二〇二五年度薪酬调整方案", new Acl(["group:hr"], ["user:mallory"]));
        await IndexAsync("hr", "handbook", "员工手册", "薪酬调整每年一次", Acl.Public);

        var outsider = await SearchAsync("薪酬调整", new Principal("bob", ["sales"]));
        var member = await SearchAsync("薪酬调整", new Principal("alice", ["hr"]));
        var deniedMember = await SearchAsync("薪酬调整", new Principal("mallory", ["hr"]));

        Assert.Equal(["handbook"], outsider.Hits.Select(h => h.DocumentKey));
        Assert.Equal(1, outsider.TotalHits);
        Assert.Equal(2, member.TotalHits);
        Assert.Equal(["handbook"], deniedMember.Hits.Select(h => h.DocumentKey));
    }

    [Fact]
    public async Task SetAccess_ChangesWhoSeesTheDocumentWithoutReindexing_AlsoUnderOtherFilters()
    {
        var salaries = await IndexAsync("hr", "salaries", "薪酬表", "二〇二五年度薪酬调整方案", new Acl(["group:hr"], []), new Dictionary<string, string> { ["year"] = "2025" });
        await IndexAsync("hr", "handbook", "员工手册", "薪酬调整每年一次", Acl.Public, new Dictionary<string, string> { ["year"] = "2025" });
        var bob = new Principal("bob", ["sales"]);
        var alice = new Principal("alice", ["hr"]);
        var before = await SearchAsync("薪酬调整", bob);

        var index = _indexes.Get("hr");
        index.SetAccess(salaries.Id, new Acl(["group:sales"], ["user:alice"]));
        await index.CommitAsync();
        var forBob = await SearchAsync("薪酬调整", bob);
        var forAlice = await _searcher.SearchAsync(Request("薪酬调整") with { Principal = alice, Metadata = new Dictionary<string, string> { ["year"] = "2025" } });
        var forBobFiltered = await _searcher.SearchAsync(Request("薪酬调整") with { Principal = bob, Metadata = new Dictionary<string, string> { ["year"] = "2025" } });

        Assert.Equal(["handbook"], before.Hits.Select(h => h.DocumentKey));
        Assert.Equal(2, forBob.TotalHits);
        Assert.Equal(2, forBobFiltered.TotalHits);
        Assert.Equal(["handbook"], forAlice.Hits.Select(h => h.DocumentKey));
        Assert.Equal(1, forAlice.TotalHits);
    }

    [Fact]
    public async Task SearchAsync_MetadataSourceAndDomainFilters_RestrictHits()
    {
        await IndexAsync("a", "one", "报告一", "季度销售报告", metadata: new Dictionary<string, string> { ["region"] = "East" });
        await IndexAsync("a", "two", "报告二", "季度销售报告", metadata: new Dictionary<string, string> { ["region"] = "West" }, source: "other");
        await IndexAsync("b", "three", "报告三", "季度销售报告");

        var byMetadata = await _searcher.SearchAsync(Request("销售报告") with { Metadata = new Dictionary<string, string> { ["Region"] = "east" } });
        var bySource = await _searcher.SearchAsync(Request("销售报告") with { Sources = ["other"] });
        var byDomain = await _searcher.SearchAsync(Request("销售报告") with { Domains = ["b"] });

        Assert.Equal(["one"], byMetadata.Hits.Select(h => h.DocumentKey));
        Assert.Equal(["two"], bySource.Hits.Select(h => h.DocumentKey));
        Assert.Equal(["three"], byDomain.Hits.Select(h => h.DocumentKey));
    }

    [Fact]
    public async Task Replace_ThenDelete_OldChunksDisappear()
    {
        var document = await IndexAsync("a", "memo", "通知", "旧的会议时间是周一");
        var index = _indexes.Get("a");
        index.Replace(document, [new Chunk(document.Id, 0, "新的会议时间是周三", "", null, 0, 9)]);
        await index.CommitAsync();

        Assert.Empty((await SearchAsync("周一")).Hits);
        Assert.Single((await SearchAsync("周三")).Hits);

        index.Delete(document.Id);
        await index.CommitAsync();
        Assert.Empty((await SearchAsync("会议时间")).Hits);
    }

    [Fact]
    public async Task SearchAsync_DomainIndexUnreadable_ReturnsOtherDomainsWithWarning()
    {
        await IndexAsync("good", "ok", "正常", "检索测试文本");
        var broken = Directory.CreateDirectory(Path.Combine(_root.FullName, "broken"));
        // Two unreadable commits: nothing to fall back to, and more than a torn first commit to discard.
        await File.WriteAllBytesAsync(Path.Combine(broken.FullName, "segments_1"), [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(broken.FullName, "segments_2"), [4, 5, 6]);

        var result = await _searcher.SearchAsync(Request("检索测试") with { Domains = ["good", "broken"] });

        Assert.Single(result.Hits);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("broken", warning.Domain);
        Assert.Equal(ErrorCode.StoreUnavailable.Code, warning.Code);
    }

    [Fact]
    public async Task SearchAsync_AnotherProcessHoldsTheWriter_StillSearchesAndSeesItsCommits()
    {
        using var writerElsewhere = new DomainIndexSet(_root.FullName);
        var other = writerElsewhere.Get("shared");
        await CommitAsync(other, "first", "第一份年度预算");
        Assert.Equal(1, (await SearchAsync("年度预算")).TotalHits);

        await CommitAsync(other, "second", "第二份年度预算");
        await Task.Delay(LuceneDomainIndex.RefreshInterval + TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, (await SearchAsync("年度预算")).TotalHits);
    }

    private static async Task CommitAsync(LuceneDomainIndex index, string key, string text)
    {
        var document = new Document(DocumentIds.ForDocument("src", key), "src", index.Domain, key, key, "file:///" + key, "hash", 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>(), Acl.Public);
        index.Replace(document, [new Chunk(document.Id, 0, text, string.Empty, null, 0, text.Length)]);
        await index.CommitAsync();
    }

    [Fact]
    public async Task SearchAsync_UnknownDomain_WarnsAndCreatesNoIndex()
    {
        await IndexAsync("known", "x", "标题", "年度预算报告");

        var result = await _searcher.SearchAsync(Request("预算报告") with { Domains = ["known", "nosuch"] });

        Assert.Single(result.Hits);
        Assert.Equal(ErrorCode.NotFound.Code, Assert.Single(result.Warnings).Code);
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "nosuch")));
    }

    [Theory]
    [InlineData("", "invalid_query")]
    [InlineData("   ", "invalid_query")]
    public async Task SearchAsync_EmptyQuery_ThrowsInvalidQuery(string query, string code)
    {
        var error = await Assert.ThrowsAsync<HunyuException>(() => SearchAsync(query));
        Assert.Equal(code, error.Error.Code);
    }

    [Fact]
    public async Task SearchAsync_QueryOf100Kilobytes_ThrowsQueryTooLongNamingTheLimit()
    {
        var error = await Assert.ThrowsAsync<HunyuException>(() => SearchAsync(new string('法', 100_000)));
        Assert.Equal(ErrorCode.QueryTooLong, error.Error);
        Assert.Contains("2,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_LongestAllowedQuery_Runs()
    {
        await IndexAsync("a", "x", "长查询", "法律条文");
        var result = await SearchAsync(string.Concat(Enumerable.Repeat("法律条文与合同", SearchRequest.MaxQueryLength / 7)));
        Assert.Single(result.Hits);
    }

    [Fact]
    public async Task SearchAsync_PunctuationOnly_ReturnsNoHits() =>
        Assert.Empty((await SearchAsync("？！。，")).Hits);

    [Fact]
    public async Task SearchAsync_Explain_AttachesScoreExplanation()
    {
        await IndexAsync("a", "x", "标题", "解释模式测试");
        var result = await _searcher.SearchAsync(Request("解释模式") with { Explain = true });
        Assert.Contains("weight", result.Hits[0].Explanation, StringComparison.OrdinalIgnoreCase);
    }

    private Task<SearchResult> SearchAsync(string query, Principal? principal = null) =>
        _searcher.SearchAsync(Request(query) with { Principal = principal ?? Principal.LocalAdmin });

    private static SearchRequest Request(string query) => new() { Query = query, Principal = Principal.LocalAdmin };

    private async Task<Document> IndexAsync(string domain, string key, string title, string text, Acl? acl = null, Dictionary<string, string>? metadata = null, string source = "src")
    {
        var document = new Document(
            DocumentIds.ForDocument(source, key), source, domain, key, title, "file:///" + key, "hash", 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, metadata ?? [], acl ?? Acl.Public);
        var index = _indexes.Get(domain);
        index.Replace(document, [new Chunk(document.Id, 0, text, string.Empty, null, 0, text.Length)]);
        await index.CommitAsync();
        return document;
    }
}
