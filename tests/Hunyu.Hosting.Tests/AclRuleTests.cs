using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Administrators' ACL rules on domains, sources and documents: inherited, overridable, effective at once, audited.</summary>
public sealed class AclRuleTests
{
    private const string Code = "zqrulecode";

    private static readonly Principal Alice = new("alice", ["hr"]);
    private static readonly Principal Bob = new("bob", ["sales"]);

    [Fact]
    public async Task SetAclAsync_DomainRule_HidesTheDomainFromOutsidersAtOnceWithoutReindexing()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"), ("policy/b.txt", "二"));
        var before = await knowledge.AllDocumentsAsync("policy");
        Assert.Equal(2, (await knowledge.SearchAsync(Code, Bob)).Count);

        var change = await knowledge.SetAclAsync(AclTarget.Parse("domain:policy"), new Acl(["group:hr"], []));

        Assert.Equal(2, change.Documents);
        Assert.Empty(await knowledge.SearchAsync(Code, Bob));
        Assert.Equal(2, (await knowledge.SearchAsync(Code, Alice)).Count);
        Assert.Null(await knowledge.GetDocumentAsync(before[0].Id, Bob));
        Assert.NotNull(await knowledge.GetDocumentAsync(before[0].Id, Alice));
        // Nothing was indexed again: the documents keep their versions and content hashes.
        Assert.Equal(before.Select(d => (d.Id, d.Version, d.ContentHash)), (await knowledge.AllDocumentsAsync("policy")).Select(d => (d.Id, d.Version, d.ContentHash)));
    }

    [Fact]
    public async Task SetAclAsync_RuleRemoved_TheDocumentsOwnAclAppliesAgain()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"));
        var target = AclTarget.Parse("domain:policy");
        await knowledge.SetAclAsync(target, new Acl(["group:hr"], []));

        await knowledge.SetAclAsync(target, null);

        Assert.Single(await knowledge.SearchAsync(Code, Bob));
        Assert.Null((await knowledge.GetAclAsync(target)).Rule);
    }

    [Fact]
    public async Task SetAclAsync_SourceAndDocumentRules_OverrideWhatTheyInherit()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"), ("policy/b.txt", "二"));
        var documents = await knowledge.AllDocumentsAsync("policy");
        var shared = documents.Single(d => d.Key == "a.txt");
        await knowledge.SetAclAsync(AclTarget.Parse("domain:policy"), new Acl(["group:hr"], []));

        await knowledge.SetAclAsync(new AclTarget(AclTargetKind.Source, shared.SourceId), new Acl(["group:finance"], []));
        Assert.Empty(await knowledge.SearchAsync(Code, Alice));

        await knowledge.SetAclAsync(new AclTarget(AclTargetKind.Document, shared.Id), new Acl(["user:bob"], []));
        var settings = await knowledge.GetAclAsync(new AclTarget(AclTargetKind.Document, shared.Id));

        Assert.Equal(shared.Id, Assert.Single(await knowledge.SearchAsync(Code, Bob)).DocumentId);
        Assert.Empty(await knowledge.SearchAsync(Code, Alice));
        Assert.Equal(["user:bob"], settings.Effective!.Allow);
        Assert.Equal(Acl.Public, settings.Own);
    }

    [Fact]
    public async Task IngestAsync_AfterADomainRule_NewDocumentsInheritIt()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"));
        await knowledge.SetAclAsync(AclTarget.Parse("domain:policy"), new Acl(["group:hr"], []));

        folder.Write("policy/c.txt", $"新增的制度三，编号 {Code} 。");
        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "policy"), Domain = "policy" });

        Assert.Equal(1, result.Report.Added);
        Assert.Empty(await knowledge.SearchAsync(Code, Bob));
        Assert.Equal(2, (await knowledge.SearchAsync(Code, Alice)).Count);
    }

    [Fact]
    public async Task SetAclAsync_RecordsAPermissionChangeAsTheCaller()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"));

        using (AuditCaller.Use(new AuditCaller(new Principal("root", [], IsAdmin: true), "10.0.0.9")))
        {
            await knowledge.SetAclAsync(AclTarget.Parse("domain:policy"), new Acl(["group:hr"], ["user:eve"]));
        }

        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.PermissionChange }));
        Assert.Equal(("root", "10.0.0.9", "acl:domain:policy"), (entry.UserId, entry.Client, entry.Target));
        Assert.Contains("group:hr", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("user:eve", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAclAsync_UnknownTargetOrPersonalDomain_IsRefusedAndChangesNothing()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"));
        await knowledge.SaveDomainAsync("notes-bob", Core.Knowledge.DomainKind.Personal, owner: "bob");

        var missing = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SetAclAsync(AclTarget.Parse("document:nope"), Acl.Public));
        var personal = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SetAclAsync(AclTarget.Parse("domain:notes-bob"), new Acl(["*"], [])));

        Assert.Equal(ErrorCode.NotFound, missing.Error);
        Assert.Equal(ErrorCode.InvalidArgument, personal.Error);
        Assert.Single(await knowledge.SearchAsync(Code, Bob));
    }

    [Fact]
    public async Task GetAclAsync_DomainAndSource_CountTheirLiveDocumentsWithoutLoadingThem()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestAsync(folder, ("policy/a.txt", "一"), ("policy/b.txt", "二"), ("policy/c.txt", "三"));
        folder.Write("memo/d.txt", "备忘");
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "memo"), Domain = "policy" });
        var documents = await knowledge.AllDocumentsAsync("policy");
        var first = documents.Single(d => d.Key == "a.txt");
        Assert.Equal(4, documents.Count);
        await knowledge.DeleteDocumentAsync(documents.Single(d => d.Key == "b.txt").Id);

        // A stored ACL that cannot be read would fail any path that loads the documents; counting never reads it.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder.Data, "hunyu.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE documents SET acl_allow = 'not json' WHERE id = $id;";
            command.Parameters.AddWithValue("$id", first.Id);
            command.ExecuteNonQuery();
        }

        Assert.Equal(3, (await knowledge.GetAclAsync(AclTarget.Parse("domain:policy"))).Documents);
        Assert.Equal(2, (await knowledge.GetAclAsync(new AclTarget(AclTargetKind.Source, first.SourceId))).Documents);
    }

    private static async Task<KnowledgeBase> IngestAsync(TestFolder folder, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            folder.Write(path, $"制度{text}：员工守则第{text}条，编号 {Code} 。");
        }

        var knowledge = KnowledgeBase.Open(folder.Data);
        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "policy"), Domain = "policy" });
        Assert.Equal(files.Length, result.Report.Added);
        return knowledge;
    }
}
