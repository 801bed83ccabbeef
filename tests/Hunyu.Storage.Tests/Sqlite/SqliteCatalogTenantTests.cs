using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

/// <summary>Domains' tenants (schema version 6): stored, never changed, and the filter of document and run listings.</summary>
public sealed class SqliteCatalogTenantTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAndEnsureDomain_KeepTheTenant_DefaultWhenNoneIsNamed()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        await catalog.SaveDomainAsync(new Domain("acme-hr", DomainKind.Enterprise) { Tenant = "acme" }, Token);
        var resaved = await catalog.SaveDomainAsync(new Domain("acme-hr", DomainKind.Business, 2.0), Token);
        var ensured = await catalog.EnsureDomainAsync(new Domain("acme-hr", DomainKind.Enterprise) { Tenant = "globex" }, Token);
        await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);

        Assert.Equal(("acme", DomainKind.Business), (resaved.Tenant, resaved.Kind));
        Assert.Equal("acme", ensured.Tenant);
        var tenants = (await catalog.ListDomainsAsync(Token)).ToDictionary(d => d.Domain.Name, d => d.Domain.Tenant, StringComparer.Ordinal);
        Assert.Equal(("acme", Principal.DefaultTenant), (tenants["acme-hr"], tenants["handbook"]));
    }

    [Fact]
    public async Task ListDocumentsAndRuns_WithATenant_HoldOnlyItsDomains()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.EnsureDomainAsync(new Domain("acme-hr", DomainKind.Enterprise) { Tenant = "acme" }, Token);
        var acme = await catalog.EnsureSourceAsync("acme-hr", "files", "/srv/acme", Token);
        var shared = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        await catalog.ApplyAsync(
            [Samples.WithChunks(Samples.Document(acme.Id, "a.md", domain: "acme-hr"), 1), Samples.WithChunks(Samples.Document(shared.Id, "b.md"), 1)],
            [],
            Token);
        var acmeRun = await catalog.StartAsync(acme.Id, Token);
        await catalog.StartAsync(shared.Id, Token);

        var acmeDocuments = await catalog.ListAsync(null, "acme", null, 0, 10, Token);
        var acmeNamingShared = await catalog.ListAsync("handbook", "acme", null, 0, 10, Token);
        var everyone = await catalog.ListAsync(null, null, null, 0, 10, Token);

        Assert.Equal((1, "acme-hr"), (acmeDocuments.Total, Assert.Single(acmeDocuments.Documents).Domain));
        Assert.Equal(0, acmeNamingShared.Total);
        Assert.Equal(2, everyone.Total);
        Assert.Equal([acmeRun], (await catalog.ListAsync(10, "acme", Token)).Select(r => r.Id));
        Assert.Empty(await catalog.ListAsync(10, "globex", Token));
        Assert.Equal(2, (await catalog.ListAsync(10, Token)).Count);
    }

    [Fact]
    public async Task Open_CatalogOfSchemaVersion5_ItsDomainsBelongToTheDefaultTenant()
    {
        using var temp = new TempFolder();
        using (var connection = temp.OpenRaw())
        {
            SchemaMigrator.Migrate(connection, temp.DatabasePath, [.. SchemaMigrator.Scripts.Take(5)]);
        }

        temp.Execute("INSERT INTO domains (name, kind, weight, owner, created_at) VALUES ('handbook', 'enterprise', 1.0, NULL, '2025-01-31T08:00:00.0000000Z');");

        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        Assert.Equal(Principal.DefaultTenant, (await catalog.GetDomainAsync("handbook", Token))!.Tenant);
        Assert.Equal(6L, temp.Scalar("PRAGMA user_version;"));
    }
}
