using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Hosting.Sources;
using Hunyu.Ingestion.Jobs;
using Hunyu.Models.Embeddings;
using Hunyu.Models.Tests.Embeddings;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Vectors;

namespace Hunyu.Hosting.Tests.Sources;

/// <summary>
/// <c>hunyu domains add|remove</c> (issue 3, item 8): domains created and changed, personal domains kept personal, and a
/// domain removed with its sources, documents, index folder (vectors included) and connector state, never while another
/// process writes it.
/// </summary>
public sealed class DomainAdministrationTests
{
    [Fact]
    public async Task SaveDomainAsync_NewThenExisting_CreatesThenChangesKindAndWeight()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var created = await knowledge.SaveDomainAsync("crm", DomainKind.Business);
        var weighted = await knowledge.SaveDomainAsync("crm", DomainKind.Business, 2.5);
        var rekinded = await knowledge.SaveDomainAsync("crm", DomainKind.Industry);

        Assert.Equal(new SavedDomain(new Domain("crm", DomainKind.Business, 1.0), true), created);
        Assert.Equal(new SavedDomain(new Domain("crm", DomainKind.Business, 2.5), false), weighted);
        Assert.Equal(new Domain("crm", DomainKind.Industry, 2.5), rekinded.Domain);
        Assert.Equal(rekinded.Domain, Assert.Single(await knowledge.ListDomainsAsync()).Domain);
    }

    [Theory]
    [InlineData(DomainKind.Personal, null, "a personal domain needs its owner")]
    [InlineData(DomainKind.Enterprise, "bob", "only a personal domain has an owner")]
    public async Task SaveDomainAsync_OwnerMissingOrMisplaced_IsRefused(DomainKind kind, string? owner, string reason)
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SaveDomainAsync("notes-bob", kind, owner: owner));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(await knowledge.ListDomainsAsync());
    }

    [Fact]
    public async Task SaveDomainAsync_PersonalDomain_KeepsItsKindAndOwnerButTakesANewWeight()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.SaveDomainAsync("notes-bob", DomainKind.Personal, owner: "bob");

        var shared = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SaveDomainAsync("notes-bob", DomainKind.Enterprise));
        var stolen = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SaveDomainAsync("notes-bob", DomainKind.Personal, owner: "eve"));
        var weighted = await knowledge.SaveDomainAsync("notes-bob", DomainKind.Personal, 0.5, "bob");

        Assert.Equal((ErrorCode.InvalidArgument, ErrorCode.InvalidArgument), (shared.Error, stolen.Error));
        Assert.Contains("is personal (owner bob)", shared.Message, StringComparison.Ordinal);
        Assert.Equal(new Domain("notes-bob", DomainKind.Personal, 0.5, "bob"), weighted.Domain);
    }

    [Fact]
    public async Task RemoveDomainAsync_RemovesSourcesDocumentsIndexFolderAndConnectorStateOnly()
    {
        using var folder = new TestFolder();
        folder.Write("hr/leave.md", "# 请假\n\n年假十五天 zqleave 。");
        folder.Write("it/vpn.md", "# VPN\n\n远程办公使用 VPN zqvpn 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);
        var hr = (await registry.AddAsync(new SourceDefinition { Domain = "hr", Kind = "files", Files = new() { Path = Path.Combine(folder.Source, "hr") } })).Source;
        await registry.SyncAsync(hr.Id);
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "it"), Domain = "it" });
        var state = knowledge.ConnectorStateDirectory(hr.Id);
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(Path.Combine(state, "state.json"), "{}");

        var removed = await knowledge.RemoveDomainAsync("hr");

        Assert.Equal(("hr", 1, 1), (removed?.Domain.Name, removed?.DocumentCount, removed?.Sources.Count));
        Assert.False(Directory.Exists(Path.Combine(folder.Data, "indexes", "hr")));
        Assert.False(Directory.Exists(state));
        Assert.Equal(["it"], (await knowledge.ListDomainsAsync()).Select(d => d.Domain.Name));
        Assert.Null(await knowledge.GetSourceAsync(hr.Id));
        Assert.Empty(await knowledge.SearchAsync("zqleave"));
        Assert.Single(await knowledge.SearchAsync("zqvpn"));
        Assert.Null(await knowledge.RemoveDomainAsync("hr"));

        // The name is free again: a new source of it starts from an empty index.
        var again = (await registry.AddAsync(new SourceDefinition { Domain = "hr", Kind = "files", Files = new() { Path = Path.Combine(folder.Source, "hr") } })).Source;
        Assert.Equal(1, (await registry.SyncAsync(again.Id)).Report.Added);
        Assert.Single(await knowledge.SearchAsync("zqleave"));
    }

    [Fact]
    public async Task RemoveDomainAsync_WhileAnotherProcessWritesIt_IsRefusedAndNothingIsRemoved()
    {
        using var folder = new TestFolder();
        folder.Write("leave.md", "# 请假\n\n年假十五天 zqleave 。");
        using var other = KnowledgeBase.Open(folder.Data);
        await other.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "hr" });

        // A second knowledge base on the same folder stands in for a second process: the writer's lock is the same.
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.RemoveDomainAsync("hr"));

            Assert.Equal(ErrorCode.StoreUnavailable, error.Error);
            Assert.Contains("being written by another Hunyu process", error.Message, StringComparison.Ordinal);
            Assert.Single(await knowledge.SearchAsync("zqleave"));
            Assert.Equal(1, Assert.Single(await knowledge.ListDomainsAsync()).DocumentCount);
        }

        other.Dispose();
        using var after = KnowledgeBase.Open(folder.Data);
        Assert.NotNull(await after.RemoveDomainAsync("hr"));
        Assert.Empty(await after.ListDomainsAsync());
    }

    [Fact]
    public async Task RemoveDomainAsync_Hybrid_DeletesTheVectorsWithTheIndex()
    {
        await using var server = await FakeEmbeddingsServer.StartAsync();
        using var folder = new TestFolder();
        folder.Write("leave.md", "# Leave\n\nEmployees accrue twenty days of paid vacation zqleave.");
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Embeddings = FakeModel(server) });
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "hr" });
        var vectors = Path.Combine(folder.Data, "indexes", "hr", DomainVectorStore.FolderName);
        Assert.True(Directory.Exists(vectors));

        await knowledge.RemoveDomainAsync("hr");

        Assert.False(Directory.Exists(Path.Combine(folder.Data, "indexes", "hr")));
        var again = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "hr" });
        Assert.Equal(1, again.Report.Added);
        using var reopened = new VectorStoreSet(Path.Combine(folder.Data, "indexes"), "openai:fake");
        Assert.Equal(1, reopened.Get("hr").DocumentCount);
    }

    [Fact]
    public async Task RemoveSourceAsync_Hybrid_RemovesItsVectors()
    {
        await using var server = await FakeEmbeddingsServer.StartAsync();
        using var folder = new TestFolder();
        folder.Write("leave.md", "# Leave\n\nEmployees accrue twenty days of paid vacation zqleave.");
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Embeddings = FakeModel(server) });
        var ingested = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "hr" });

        Assert.NotNull(await knowledge.RemoveSourceAsync(ingested.Source.Id));

        using var vectors = new VectorStoreSet(Path.Combine(folder.Data, "indexes"), "openai:fake");
        Assert.Equal(0, vectors.Get("hr").DocumentCount);
        Assert.Empty(await knowledge.AllDocumentsAsync());
    }

    private static EmbeddingModel FakeModel(FakeEmbeddingsServer server) =>
        new(OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingOptions { Endpoint = server.Endpoint, Model = "fake", MaxRetries = 0 }), "openai:fake");
}
