using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Search.Lucene;

namespace Hunyu.Search.Tests.Federation;

/// <summary>Scores of several domains are comparable: the federated ranking equals one combined index's.</summary>
public sealed class FederatedRankingTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。",
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。",
        "消费者购买商品时，有权要求经营者提供商品的价格、产地、生产者等真实情况。",
        "劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。",
        "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失。",
        "员工入职满一年后每年享有十个工作日的带薪年假，年假须提前申请。",
        "出差住宿费在标准以内凭发票实报实销，伙食补贴按天定额发放。",
        "试用期工资不得低于本单位相同岗位最低档工资的百分之八十。",
    ];

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hunyu-federated-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("试用期工资和劳动合同解除")]
    [InlineData("消费者要求经营者赔偿")]
    [InlineData("年假和出差报销")]
    public async Task SearchAsync_DocumentsSplitOverDomains_RankAsInOneIndex(string question)
    {
        using var combined = new DomainIndexSet(Path.Combine(_root.FullName, "combined"));
        using var split = new DomainIndexSet(Path.Combine(_root.FullName, "split"));
        for (var i = 0; i < Texts.Length; i++)
        {
            await AddAsync(combined.Get("all"), i);
            await AddAsync(split.Get(i % 3 == 0 ? "laws" : i % 3 == 1 ? "consumer" : "handbook"), i);
        }

        var one = await new LuceneKnowledgeSearcher(combined).SearchAsync(Request(question));
        var federated = await new LuceneKnowledgeSearcher(split).SearchAsync(Request(question));

        Assert.Equal(one.Hits.Select(h => h.DocumentKey), federated.Hits.Select(h => h.DocumentKey));
        Assert.Equal(one.TotalHits, federated.TotalHits);
        Assert.Equal(federated.TotalHits, federated.DomainCounts.Values.Sum());
    }

    [Fact]
    public async Task SearchAsync_AfterACommitChangesStatistics_ScoresWithTheNewOnes()
    {
        // Statistics are remembered per reader; a commit brings a new reader, so nothing stale may be used.
        using var combined = new DomainIndexSet(Path.Combine(_root.FullName, "combined"));
        using var split = new DomainIndexSet(Path.Combine(_root.FullName, "split"));
        for (var i = 0; i < 4; i++)
        {
            await AddAsync(combined.Get("all"), i);
            await AddAsync(split.Get(i % 2 == 0 ? "laws" : "consumer"), i);
        }

        await new LuceneKnowledgeSearcher(split).SearchAsync(Request("试用期 劳动合同"));
        for (var i = 4; i < Texts.Length; i++)
        {
            await AddAsync(combined.Get("all"), i);
            await AddAsync(split.Get(i % 2 == 0 ? "laws" : "consumer"), i);
        }

        var one = await new LuceneKnowledgeSearcher(combined).SearchAsync(Request("试用期 劳动合同"));
        var federated = await new LuceneKnowledgeSearcher(split).SearchAsync(Request("试用期 劳动合同"));

        Assert.Equal(one.Hits.Select(h => (h.DocumentKey, Math.Round(h.Score, 6))), federated.Hits.Select(h => (h.DocumentKey, Math.Round(h.Score, 6))));
    }

    private static SearchRequest Request(string question) => new() { Query = question, Principal = Principal.LocalAdmin, Limit = 8 };

    private static async Task AddAsync(LuceneDomainIndex index, int i)
    {
        var key = $"doc{i}";
        // The same source id in every domain, as in one index: ranking ties break the same way.
        var document = new Document(DocumentIds.ForDocument("src", key), "src", index.Domain, key, "条文", "file:///" + key, "hash", 1,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Dictionary<string, string>(), Acl.Public);
        index.Replace(document, [new Chunk(document.Id, 0, Texts[i], string.Empty, null, 0, Texts[i].Length)]);
        await index.CommitAsync();
    }
}
