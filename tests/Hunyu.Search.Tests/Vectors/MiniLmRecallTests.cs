using Hunyu.Models.Tests.Embeddings;
using Hunyu.Search.Vectors;

namespace Hunyu.Search.Tests.Vectors;

public sealed class MiniLmRecallTests(MiniLmModel model) : IClassFixture<MiniLmModel>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hunyu-minilm-recall-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Search_Int8OnMiniLmSentenceVectors_RecallAt10AtLeast90Percent()
    {
        const int Seed = 42;
        var random = new Random(Seed);
        var corpus = (await model.Generator.GenerateAsync(TemplateSentences.Generate(random, 600))).Select(e => e.Vector.ToArray()).ToList();
        var queries = (await model.Generator.GenerateAsync(TemplateSentences.Generate(random, 30))).Select(e => e.Vector.ToArray()).ToList();
        using var store = new DomainVectorStore("d", Path.Combine(_root.FullName, "d"), "all-MiniLM-L6-v2", new VectorStoreOptions { Encoding = VectorEncoding.Int8 });
        await RandomVectors.StoreAsync(store, corpus);

        var recall = RandomVectors.RecallAtK(corpus, queries, q => store.Search(q, 10, VectorFilter.Everything), 10);

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}: int8 recall@10 on MiniLM vectors = {recall:P1}");
        Assert.True(recall >= 0.9, $"seed {Seed}: recall@10 {recall:P1}");
    }
}
