using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

/// <summary>Source definitions and the removal of sources and domains (schema version 2; issue 3, item 8).</summary>
public sealed class SqliteCatalogSourceTests
{
    private const string Definition = """{"domain":"crm","kind":"sql","sql":{"provider":"postgres","connection_env":"PG_CRM"}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetSourceDefinitionAsync_ThenGetAndList_ReturnItAndNullForAdHocSources()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var defined = await catalog.EnsureSourceAsync("crm", "sql", "postgres://db:5432/crm/tickets", Token);
        var adHoc = await catalog.EnsureSourceAsync("crm", "files", "/srv/crm", Token);

        Assert.True(await catalog.SetSourceDefinitionAsync(defined.Id, Definition, Token));

        Assert.Equal(new StoredSource(defined, Definition), await catalog.GetSourceAsync(defined.Id, Token));
        Assert.Equal(new StoredSource(adHoc, null), await catalog.GetSourceAsync(adHoc.Id, Token));
        Assert.Equal([new StoredSource(adHoc, null), new StoredSource(defined, Definition)], await catalog.ListSourcesAsync(Token));
        Assert.Null(await catalog.GetSourceAsync("0123456789abcdef", Token));
        Assert.False(await catalog.SetSourceDefinitionAsync("0123456789abcdef", Definition, Token));
    }

    [Fact]
    public async Task RemoveSourceAsync_DeletesItsDocumentsAndChunksButNotOtherSourcesOrRuns()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var removed = await catalog.EnsureSourceAsync("handbook", "files", "/srv/a", Token);
        var kept = await catalog.EnsureSourceAsync("handbook", "files", "/srv/b", Token);
        await catalog.SetSourceDefinitionAsync(removed.Id, Definition, Token);
        var gone = Samples.Document(removed.Id, "a.md");
        var tombstoned = Samples.Document(removed.Id, "old.md");
        var stays = Samples.Document(kept.Id, "b.md");
        await catalog.ApplyAsync([Samples.WithChunks(gone, 2), Samples.WithChunks(tombstoned, 1), Samples.WithChunks(stays, 2)], [tombstoned.Id], Token);
        var run = await catalog.StartAsync(removed.Id, Token);

        Assert.True(await catalog.RemoveSourceAsync(removed.Id, Token));

        Assert.Null(await catalog.GetSourceAsync(removed.Id, Token));
        Assert.Null(await catalog.GetAsync(gone.Id, Token));
        Assert.Empty(await catalog.GetStatesAsync(removed.Id, Token));
        Assert.Equal(0L, temp.Scalar($"SELECT COUNT(*) FROM documents WHERE source_id = '{removed.Id}';"));
        Assert.Equal(2L, temp.Scalar("SELECT COUNT(*) FROM chunks;"));
        Assert.NotNull(await catalog.GetAsync(stays.Id, Token));
        Assert.Equal(run, Assert.Single(await catalog.ListAsync(10, Token)).Id);
        Assert.False(await catalog.RemoveSourceAsync(removed.Id, Token));
    }

    [Fact]
    public async Task RemoveDomainAsync_DeletesTheDomainWithItsSourcesAndDocumentsOnly()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var crm = await catalog.EnsureSourceAsync("crm", "sql", "sqlite:/srv/crm.db/tickets", Token);
        var handbook = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        await catalog.ApplyAsync([Samples.WithChunks(Samples.Document(crm.Id, "tickets#1", domain: "crm"), 1), Samples.WithChunks(Samples.Document(handbook.Id, "a.md"), 1)], [], Token);

        Assert.True(await catalog.RemoveDomainAsync("crm", Token));

        var left = Assert.Single(await catalog.ListDomainsAsync(Token));
        Assert.Equal("handbook", left.Domain.Name);
        Assert.Equal(1, left.DocumentCount);
        Assert.Null(await catalog.GetSourceAsync(crm.Id, Token));
        Assert.Equal(0L, temp.Scalar("SELECT COUNT(*) FROM documents WHERE domain = 'crm';"));
        Assert.False(await catalog.RemoveDomainAsync("crm", Token));
    }

    [Fact]
    public async Task SaveDomainAsync_NewThenExisting_CreatesThenReplacesKindWeightAndOwner()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var created = await catalog.SaveDomainAsync(new Domain("crm", DomainKind.Business, 1.5), Token);
        var changed = await catalog.SaveDomainAsync(new Domain("crm", DomainKind.Industry, 0.5), Token);

        Assert.Equal(new Domain("crm", DomainKind.Business, 1.5), created);
        Assert.Equal(new Domain("crm", DomainKind.Industry, 0.5), changed);
        Assert.Equal(changed, await catalog.GetDomainAsync("crm", Token));
        Assert.Null(await catalog.GetDomainAsync("none", Token));
    }

    [Theory]
    [InlineData("Bad Name", 1.0)]
    [InlineData("crm", -1.0)]
    [InlineData("crm", double.NaN)]
    public async Task SaveDomainAsync_InvalidNameOrWeight_ThrowsInvalidArgument(string name, double weight)
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.SaveDomainAsync(new Domain(name, DomainKind.Enterprise, weight), Token));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Empty(await catalog.ListDomainsAsync(Token));
    }

    [Fact]
    public async Task Open_Version1Catalog_AddsTheDefinitionColumnAndKeepsItsSources()
    {
        using var temp = new TempFolder();
        using (var connection = temp.OpenRaw())
        {
            SchemaMigrator.Migrate(connection, temp.DatabasePath, [SchemaMigrator.Scripts[0]]);
        }

        temp.Execute("INSERT INTO domains (name, kind, weight, created_at) VALUES ('handbook', 'enterprise', 1.0, '2025-03-01T08:00:00.0000000Z');");
        temp.Execute("INSERT INTO sources (id, domain, kind, location, created_at) VALUES ('0123456789abcdef', 'handbook', 'files', '/srv/handbook', '2025-03-01T08:00:00.0000000Z');");

        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var stored = await catalog.GetSourceAsync("0123456789abcdef", Token);
        Assert.NotNull(stored);
        Assert.Equal("/srv/handbook", stored.Source.Location);
        Assert.Null(stored.Definition);
        Assert.Equal((long)SqliteCatalog.SchemaVersion, temp.Scalar("PRAGMA user_version;"));
    }
}
