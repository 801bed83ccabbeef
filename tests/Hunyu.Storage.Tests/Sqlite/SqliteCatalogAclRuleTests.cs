using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

/// <summary>Administrators' ACL rules (schema version 4) and the documents' own ACLs they are combined with.</summary>
public sealed class SqliteCatalogAclRuleTests
{
    private static readonly Acl Hr = new(["group:hr"], ["user:eve"]);
    private static readonly Acl Board = new(["group:board"], []);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rules_SetReadInheritedAndCleared()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var source = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        var salary = Samples.Document(source.Id, "salary.md", acl: Hr);
        await catalog.ApplyAsync([Samples.WithChunks(salary, 1)], [], Token);

        await catalog.SetRuleAsync(new AclTarget(AclTargetKind.Domain, "handbook"), Board, "admin", Token);
        await catalog.SetRuleAsync(new AclTarget(AclTargetKind.Document, salary.Id), Hr, "admin", Token);
        var inherited = await catalog.InheritanceAsync("handbook", source.Id, Token);
        await catalog.SetRuleAsync(new AclTarget(AclTargetKind.Domain, "handbook"), null, "admin", Token);

        Assert.Equal(Board, inherited.Domain);
        Assert.Null(inherited.Source);
        Assert.Equal(Hr, Assert.Single(inherited.Documents, pair => pair.Key == salary.Id).Value);
        Assert.Null(await catalog.GetRuleAsync(new AclTarget(AclTargetKind.Domain, "handbook"), Token));
        Assert.Equal(Hr, await catalog.GetRuleAsync(new AclTarget(AclTargetKind.Document, salary.Id), Token));
    }

    [Fact]
    public async Task DocumentsUnderAndListAccess_ReadEachDocumentsOwnAcl()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var source = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        var salary = Samples.Document(source.Id, "salary.md", acl: Hr, updatedAt: Samples.Epoch.AddDays(1));
        var plan = Samples.Document(source.Id, "plan.md", acl: Board);
        await catalog.ApplyAsync([Samples.WithChunks(salary, 1), Samples.WithChunks(plan, 1)], [], Token);

        var under = await catalog.DocumentsUnderAsync(new AclTarget(AclTargetKind.Source, source.Id), Token);
        var listed = await catalog.ListAccessAsync(null, Principal.DefaultTenant, "bob", Token);

        Assert.Equal(2, await catalog.CountDocumentsUnderAsync(new AclTarget(AclTargetKind.Domain, "handbook"), Token));
        Assert.Equal(
            [(salary.Id, "handbook", source.Id, Hr), (plan.Id, "handbook", source.Id, Board)],
            under.OrderBy(d => d.DocumentId == plan.Id).Select(d => (d.DocumentId, d.Domain, d.SourceId, d.Own)));
        Assert.Equal([(salary.Id, Hr), (plan.Id, Board)], listed.Select(d => (d.DocumentId, d.Own)));
    }
}
