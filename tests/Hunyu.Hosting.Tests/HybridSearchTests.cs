using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Jobs;
using Hunyu.Models.Embeddings;
using Hunyu.Models.Tests.Embeddings;
using Hunyu.Search;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Vectors;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// Hybrid search end to end on a real model (English all-MiniLM-L6-v2 from a test package): chunks are embedded at
/// ingest, questions at search time, and the nearest permitted chunks are fused with the lexical hits.
/// </summary>
public sealed class HybridSearchTests : IClassFixture<HybridSearchTests.Model>
{
    /// <summary>Shares one loaded model across the tests of the class.</summary>
    public sealed class Model : IDisposable
    {
        public MiniLmModel MiniLm { get; } = new();

        public void Dispose() => MiniLm.Dispose();
    }

    // Shares no word with the leave policy, so only meaning can find it.
    private const string Paraphrase = "holiday allowance for workers";
    private static readonly Principal Bob = new("bob", ["sales"]);
    private static readonly Principal Alice = new("alice", ["hr"]);
    private readonly MiniLmModel _miniLm;

    public HybridSearchTests(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _miniLm = model.MiniLm;
    }

    [Fact]
    public async Task SearchAsync_ParaphraseWithoutSharedWords_IsFoundOnlyWithEmbeddings()
    {
        using var folder = WritePolicies();
        using (var lexical = KnowledgeBase.Open(Path.Combine(folder.Root, "lexical")))
        {
            await lexical.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });
            var result = await lexical.SearchAsync(new SearchRequest { Query = Paraphrase, Principal = Principal.LocalAdmin });
            Assert.DoesNotContain(result.Hits, hit => hit.DocumentKey == "leave.md");
        }

        using var hybrid = OpenHybrid(folder.Data);
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });
        var found = await hybrid.SearchAsync(new SearchRequest { Query = Paraphrase, Principal = Principal.LocalAdmin, Explain = true });

        Assert.True(hybrid.Hybrid);
        Assert.Empty(found.Warnings);
        Assert.Equal("leave.md", found.Hits[0].DocumentKey);
        Assert.Contains("dense rank 1", found.Hits[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_WordsInBothLists_RanksTheChunkBothFoundFirst()
    {
        using var folder = WritePolicies();
        using var hybrid = OpenHybrid(folder.Data);
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });

        var result = await hybrid.SearchAsync(new SearchRequest { Query = "return goods for money back", Principal = Principal.LocalAdmin, Explain = true });

        Assert.Equal("refunds.md", result.Hits[0].DocumentKey);
        Assert.Contains("lexical rank 1", result.Hits[0].Explanation, StringComparison.Ordinal);
        Assert.Contains("dense rank 1", result.Hits[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_NearestChunkForbidden_IsNeverReturnedToOthers()
    {
        using var folder = WritePolicies();
        using var hybrid = OpenHybrid(folder.Data);
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies", Include = ["leave.md"], Acl = new Acl(["group:hr"], []), SourceLocation = "hr-only" });
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies", Exclude = ["leave.md"] });

        var bob = await hybrid.SearchAsync(new SearchRequest { Query = Paraphrase, Principal = Bob, Limit = 10 });
        var alice = await hybrid.SearchAsync(new SearchRequest { Query = Paraphrase, Principal = Alice, Limit = 10 });

        // Bob still gets his permitted nearest chunks (the filter runs before the top k, not after it).
        Assert.Equal(3, bob.Hits.Count);
        Assert.DoesNotContain(bob.Hits, hit => hit.DocumentKey == "leave.md");
        Assert.Equal("leave.md", alice.Hits[0].DocumentKey);
    }

    [Fact]
    public async Task SearchAsync_ModelDownAtSearchTime_AnswersLexicallyWithWarning()
    {
        await using var server = await FakeEmbeddingsServer.StartAsync();
        using var folder = WritePolicies();
        using var hybrid = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Embeddings = FakeModel(server) });
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });
        server.Failure = (500, "model crashed", "server_error");

        var result = await hybrid.SearchAsync(new SearchRequest { Query = "underground garage", Principal = Principal.LocalAdmin });

        Assert.Equal("parking.md", result.Hits[0].DocumentKey);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((LuceneKnowledgeSearcher.AllDomains, ErrorCode.ModelUnavailable.Code), (warning.Domain, warning.Code));
        Assert.Contains("openai:fake", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_ModelDown_FailsWithoutRecordingThenSucceedsWhenBack()
    {
        await using var server = await FakeEmbeddingsServer.StartAsync();
        using var folder = WritePolicies();
        using var hybrid = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Embeddings = FakeModel(server) });
        server.Failure = (503, "loading", "server_error");

        var error = await Assert.ThrowsAsync<HunyuException>(() => hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" }));
        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.Empty(await hybrid.AllDocumentsAsync());
        Assert.Empty((await hybrid.SearchAsync(new SearchRequest { Query = "underground garage", Principal = Principal.LocalAdmin })).Hits);

        server.Failure = null;
        var result = await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });

        Assert.Equal(4, result.Report.Added);
        using var vectors = new VectorStoreSet(Path.Combine(folder.Data, "indexes"), "openai:fake");
        Assert.Equal(4, vectors.Get("policies").DocumentCount);
    }

    [Fact]
    public async Task DeleteDocumentAsync_Hybrid_RemovesTheVectorsToo()
    {
        using var folder = WritePolicies();
        using var hybrid = OpenHybrid(folder.Data);
        await hybrid.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policies" });
        var leave = (await hybrid.AllDocumentsAsync()).Single(d => d.Key == "leave.md");

        Assert.True(await hybrid.DeleteDocumentAsync(leave.Id));
        var result = await hybrid.SearchAsync(new SearchRequest { Query = Paraphrase, Principal = Principal.LocalAdmin });

        Assert.DoesNotContain(result.Hits, hit => hit.DocumentId == leave.Id);
        Assert.Equal(3, result.Hits.Count);
    }

    [Fact]
    public void Embeddings_OnnxInSettingsFile_OpensHybridKnowledgeBase()
    {
        using var folder = new TestFolder();
        File.WriteAllText(Path.Combine(folder.Data, HunyuConfiguration.FileName),
            $$"""{ "Hunyu": { "Embeddings": { "Provider": "onnx", "Onnx": { "ModelPath": "{{_miniLm.Folder.Replace("\\", "\\\\", StringComparison.Ordinal)}}" } } } }""");

        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(HunyuConfiguration.Load(folder.Data)));

        Assert.True(knowledge.Hybrid);
    }

    [Theory]
    [InlineData("""{ "Hunyu": { "Embeddings": { "Provider": "word2vec" } } }""", "word2vec")]
    [InlineData("""{ "Hunyu": { "Embeddings": { "Provider": "onnx", "Onnx": { "ModelPath": "/nonexistent/model" } } } }""", "/nonexistent/model")]
    [InlineData("""{ "Hunyu": { "Embeddings": """, "hunyu.json")]
    public void Options_BadEmbeddingSettings_FailNamingTheSetting(string json, string named)
    {
        using var folder = new TestFolder();
        File.WriteAllText(Path.Combine(folder.Data, HunyuConfiguration.FileName), json);

        var error = Assert.Throws<HunyuException>(() => HunyuConfiguration.Options(HunyuConfiguration.Load(folder.Data)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NoSettings_IsLexical()
    {
        var options = HunyuConfiguration.Options(new ConfigurationBuilder().Build());

        Assert.Null(options.Embeddings);
    }

    private KnowledgeBase OpenHybrid(string data) =>
        KnowledgeBase.Open(data, new KnowledgeBaseOptions { Embeddings = new EmbeddingModel(_miniLm.CreateGenerator(), "onnx:minilm") });

    private static EmbeddingModel FakeModel(FakeEmbeddingsServer server) =>
        new(OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingOptions { Endpoint = server.Endpoint, Model = "fake", MaxRetries = 0 }), "openai:fake");

    private static TestFolder WritePolicies()
    {
        var folder = new TestFolder();
        folder.Write("refunds.md", "# Refunds\n\nCustomers may return purchased goods within thirty days to get their money back.");
        folder.Write("leave.md", "# Leave\n\nEmployees accrue twenty days of paid annual vacation per year.");
        folder.Write("screens.md", "# Screens\n\nLock your computer screen whenever you step away from your desk.");
        folder.Write("parking.md", "# Parking\n\nStaff cars must be parked in the underground garage on level B2.");
        return folder;
    }
}
