using Hunyu.Search.Learning;
using Hunyu.Search.Lucene;
using Lucene.Net.Search;

namespace Hunyu.Search.Tests.Lucene;

public sealed class ChunkQueryBuilderExpansionTests
{
    [Fact]
    public void Build_WithExpander_AddsItsTermsAsWeightedOptionalClauses()
    {
        var plain = (BooleanQuery)ChunkQueryBuilder.Build("被炒鱿鱼了")!;
        var expander = new FixedExpander([new WeightedTerm(IndexFields.Words, "经济补偿", 0.75f), new WeightedTerm(IndexFields.Words, "解除", 0.5f)]);

        var expanded = (BooleanQuery)ChunkQueryBuilder.Build("被炒鱿鱼了", expander)!;

        Assert.Equal(plain.Clauses.Count + 2, expanded.Clauses.Count);
        var added = expanded.Clauses.Skip(plain.Clauses.Count).ToList();
        Assert.All(added, c => Assert.Equal(Occur.SHOULD, c.Occur));
        Assert.Equal(["words:经济补偿^0.75", "words:解除^0.5"], added.Select(c => c.Query.ToString()));
        Assert.NotNull(expander.Words);
        Assert.Contains("炒鱿鱼", expander.Words!);
        Assert.Contains("鱿鱼", expander.Bigrams!);
    }

    [Fact]
    public void Build_WithoutExpander_IsUnchanged() =>
        Assert.Equal(ChunkQueryBuilder.Build("试用期最长多久")!.ToString(), ChunkQueryBuilder.Build("试用期最长多久", null)!.ToString());

    private sealed class FixedExpander(IReadOnlyList<WeightedTerm> terms) : IQueryExpander
    {
        public IReadOnlyList<string>? Words { get; private set; }

        public IReadOnlyList<string>? Bigrams { get; private set; }

        public IReadOnlyList<WeightedTerm> Expand(IReadOnlyList<string> contentWords, IReadOnlyList<string> bigrams)
        {
            Words = contentWords;
            Bigrams = bigrams;
            return terms;
        }
    }
}
