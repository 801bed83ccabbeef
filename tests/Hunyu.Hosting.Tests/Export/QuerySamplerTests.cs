using Hunyu.Hosting.Export;

namespace Hunyu.Hosting.Tests.Export;

/// <summary>Bottom-k sampling of BEIR queries: bounded, seeded, order-independent.</summary>
public sealed class QuerySamplerTests
{
    [Fact]
    public void Result_ManyQueries_KeepsAtMostTheCapacityWhateverTheOrder()
    {
        var offers = Enumerable.Range(0, 500).Select(i => ($"question {i}", $"doc{i}")).ToList();
        var forward = new QuerySampler(20, 7);
        var backward = new QuerySampler(20, 7);

        offers.ForEach(o => forward.Add(o.Item1, QueryKind.Faq, o.Item2));
        Enumerable.Reverse(offers).ToList().ForEach(o => backward.Add(o.Item1, QueryKind.Faq, o.Item2));

        Assert.Equal(20, forward.Result().Count);
        Assert.Equal(forward.Result(), backward.Result(), (a, b) => a.Id == b.Id && a.Text == b.Text && a.Documents.SequenceEqual(b.Documents));
    }

    [Fact]
    public void Result_AnotherSeed_SamplesOtherQueries()
    {
        var first = new QuerySampler(10, 1);
        var second = new QuerySampler(10, 2);
        foreach (var i in Enumerable.Range(0, 200))
        {
            first.Add($"q{i}", QueryKind.Heading, $"d{i}");
            second.Add($"q{i}", QueryKind.Heading, $"d{i}");
        }

        Assert.NotEqual(first.Result().Select(q => q.Text).Order(), second.Result().Select(q => q.Text).Order());
    }

    [Fact]
    public void Result_HeadingInTwoDocuments_IsDroppedButAnFaqQuestionKeepsBoth()
    {
        var sampler = new QuerySampler(10, 1);
        sampler.Add("Introduction", QueryKind.Heading, "a");
        sampler.Add("Introduction", QueryKind.Heading, "b");
        sampler.Add("How do I apply?", QueryKind.Faq, "a");
        sampler.Add("How do I apply?", QueryKind.Heading, "b");

        var query = Assert.Single(sampler.Result());

        Assert.Equal(("How do I apply?", QueryKind.Faq), (query.Text, query.Kind));
        Assert.Equal(["a", "b"], query.Documents);
    }
}
