using Hunyu.Core.Search;
using Hunyu.Search.Federation;

namespace Hunyu.Search.Tests.Federation;

public sealed class ResultFusionTests
{
    [Fact]
    public void Merge_ScoreFusion_RanksAcrossDomainsByWeightedScore()
    {
        var lists = new[]
        {
            new DomainHits("laws", [Hit("laws", "a", 8, "劳动合同的订立"), Hit("laws", "b", 3, "工资支付规定")], 2, Weight: 1),
            new DomainHits("handbook", [Hit("handbook", "c", 6, "年假天数说明")], 1, Weight: 2),
        };

        var merged = ResultFusion.Merge(lists, FusionMethod.Score, limit: 10, explain: false);

        Assert.Equal(["c", "a", "b"], merged.Select(h => h.DocumentKey));
        Assert.Equal([1, 2, 3], merged.Select(h => h.Rank));
        Assert.Equal(12, merged[0].Score);
    }

    [Fact]
    public void Merge_ReciprocalRank_IgnoresRawScores()
    {
        var lists = new[]
        {
            new DomainHits("a", [Hit("a", "a1", 1000, "甲甲甲"), Hit("a", "a2", 900, "乙乙乙")], 2, 1),
            new DomainHits("b", [Hit("b", "b1", 0.1, "丙丙丙")], 1, 1),
        };

        var merged = ResultFusion.Merge(lists, FusionMethod.ReciprocalRank, 10, explain: true);

        Assert.Equal(1.0 / 61, merged.Single(h => h.DocumentKey == "b1").Score, 9);
        Assert.Equal(merged.Single(h => h.DocumentKey == "a1").Score, merged.Single(h => h.DocumentKey == "b1").Score, 9);
        Assert.Contains("rank 1 in domain b", merged.Single(h => h.DocumentKey == "b1").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SamePassageInTwoDomains_KeepsOneAndSaysWhereElse()
    {
        const string Text = "劳动者在同一用人单位连续工作满十年的，应当订立无固定期限劳动合同。";
        var lists = new[]
        {
            new DomainHits("laws", [Hit("laws", "article", 9, Text)], 1, 1),
            new DomainHits("handbook", [Hit("handbook", "copy", 7, Text), Hit("handbook", "other", 5, "年假天数说明")], 2, 1),
        };

        var merged = ResultFusion.Merge(lists, FusionMethod.Score, 10, explain: true);

        Assert.Equal(["article", "other"], merged.Select(h => h.DocumentKey));
        Assert.Contains("also in handbook:", merged[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SameDomainNearDuplicates_AreBothKept()
    {
        var lists = new[] { new DomainHits("laws", [Hit("laws", "v1", 9, "相同的条文内容"), Hit("laws", "v2", 8, "相同的条文内容")], 2, 1) };
        Assert.Equal(2, ResultFusion.Merge(lists, FusionMethod.Score, 10, false).Count);
    }

    [Fact]
    public void Merge_Limit_CutsTheFusedList() =>
        Assert.Single(ResultFusion.Merge([new DomainHits("a", [Hit("a", "x", 2, "一"), Hit("a", "y", 1, "二")], 2, 1)], FusionMethod.Score, 1, false));

    private static Candidate Hit(string domain, string key, double score, string text) => new(new SearchHit
    {
        Rank = 0,
        Score = score,
        CitationId = key + ":0",
        DocumentId = key,
        DocumentKey = key,
        ChunkOrdinal = 0,
        Domain = domain,
        SourceId = "s",
        Title = key,
        Uri = "file:///" + key,
        Text = text,
        Snippet = text,
    });
}
