using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Document ACLs are applied inside search and on direct reads; deny wins over allow; admins see everything.</summary>
public sealed class AccessControlTests
{
    private const string HrCode = "zqsalarytable";
    private const string PublicCode = "zqcanteenmenu";

    private static readonly Principal Bob = new("bob", ["sales"]);
    private static readonly Principal Alice = new("alice", ["hr"]);
    private static readonly Principal Carol = new("carol", ["hr"]);

    [Fact]
    public async Task SearchAsync_DocumentForGroupHr_IsHiddenFromOtherGroups()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], []));
        var document = Assert.Single(await knowledge.AllDocumentsAsync("hr"));

        Assert.Empty(await knowledge.SearchAsync(HrCode, Bob));
        Assert.Empty(await knowledge.SearchAsync("薪酬 调整", Bob));
        Assert.Null(await knowledge.GetDocumentAsync(document.Id, Bob));
        var result = await knowledge.SearchAsync(new Core.Search.SearchRequest { Query = "薪酬 调整 " + HrCode, Principal = Bob });
        Assert.Equal(0, result.TotalHits);
    }

    [Fact]
    public async Task SearchAsync_DocumentForGroupHr_IsFoundByGroupMember()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], []));
        var document = Assert.Single(await knowledge.AllDocumentsAsync("hr"));

        Assert.Equal(document.Id, Assert.Single(await knowledge.SearchAsync(HrCode, Alice)).DocumentId);
        var read = await knowledge.GetDocumentAsync(document.Id, Alice);
        Assert.NotNull(read);
        Assert.Equal(["group:hr"], read.Acl.Allow);
    }

    [Fact]
    public async Task SearchAsync_UserAllowedByNameOnly_FindsTheDocument()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["user:bob"], []));
        var document = Assert.Single(await knowledge.AllDocumentsAsync("hr"));

        Assert.Single(await knowledge.SearchAsync(HrCode, Bob));
        Assert.NotNull(await knowledge.GetDocumentAsync(document.Id, Bob));
        Assert.Empty(await knowledge.SearchAsync(HrCode, Alice));
    }

    [Fact]
    public async Task SearchAsync_DenyEntryForAllowedGroupMember_DenyWins()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], ["user:carol"]));
        var document = Assert.Single(await knowledge.AllDocumentsAsync("hr"));

        Assert.Empty(await knowledge.SearchAsync(HrCode, Carol));
        Assert.Null(await knowledge.GetDocumentAsync(document.Id, Carol));
        Assert.Single(await knowledge.SearchAsync(HrCode, Alice));
    }

    [Fact]
    public async Task SearchAsync_DenyEveryone_HidesFromAllButAdmin()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["*"], ["*"]));

        Assert.Empty(await knowledge.SearchAsync(HrCode, Alice));
        Assert.Empty(await knowledge.SearchAsync(HrCode, Bob));
        Assert.Single(await knowledge.SearchAsync(HrCode, Principal.LocalAdmin));
    }

    [Fact]
    public async Task SearchAsync_LocalAdmin_SeesRestrictedAndPublicDocuments()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], ["user:carol"]));
        folder.Write("public/canteen.txt", $"食堂菜单，每周一更新，编号 {PublicCode} 。");
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "public"), Domain = "public" });

        Assert.Single(await knowledge.SearchAsync(HrCode, Principal.LocalAdmin));
        Assert.Single(await knowledge.SearchAsync(PublicCode, Principal.LocalAdmin));
        var hrDocument = Assert.Single(await knowledge.AllDocumentsAsync("hr"));
        Assert.NotNull(await knowledge.GetDocumentAsync(hrDocument.Id, Principal.LocalAdmin));
        // Bob sees the public document but not the HR one, in the same search.
        var bobHits = await knowledge.SearchAsync($"{HrCode} {PublicCode}", Bob);
        Assert.Equal("public", Assert.Single(bobHits).Domain);
    }

    [Fact]
    public async Task IngestAsync_AclChangedOnUnchangedFile_ReindexesWithTheNewAcl()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], []));
        Assert.Empty(await knowledge.SearchAsync(HrCode, Bob));

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "hr"), Domain = "hr", Acl = new Acl(["group:hr", "group:sales"], []) });

        Assert.Equal(1, result.Report.Updated);
        Assert.Single(await knowledge.SearchAsync(HrCode, Bob));
        var document = Assert.Single(await knowledge.AllDocumentsAsync("hr"));
        Assert.Equal(2, document.Version);
    }

    [Fact]
    public async Task AskAsync_RestrictedDocument_IsNeverCitedToOutsiders()
    {
        using var folder = new TestFolder();
        using var knowledge = await IngestHrFolderAsync(folder, new Acl(["group:hr"], []));

        var outsider = await knowledge.AskAsync(new Core.Search.SearchRequest { Query = "薪酬调整在每年几月进行？", Principal = Bob });
        var member = await knowledge.AskAsync(new Core.Search.SearchRequest { Query = "薪酬调整在每年几月进行？", Principal = Alice });

        Assert.Empty(outsider.Search.Hits);
        Assert.Empty(outsider.Answer.Citations);
        Assert.DoesNotContain("三月", outsider.Answer.Text, StringComparison.Ordinal);
        Assert.NotEmpty(member.Answer.Citations);
    }

    [Fact]
    public async Task IngestAsync_FolderAclSidecar_GuardsItsFilesOverTheIngestsAcl()
    {
        using var folder = new TestFolder();
        folder.Write("docs/menu.txt", $"食堂菜单，编号 {PublicCode} 。");
        folder.Write("docs/hr/" + Ingestion.Connectors.AclSidecar.FileName, """{"allow": ["group:hr"]}""");
        folder.Write("docs/hr/salary.txt", $"薪酬调整每年三月进行，编号 {HrCode} 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "docs"), Domain = "docs" });

        Assert.Equal(2, result.Report.Added);
        Assert.Empty(await knowledge.SearchAsync(HrCode, Bob));
        Assert.Single(await knowledge.SearchAsync(HrCode, Alice));
        Assert.Single(await knowledge.SearchAsync(PublicCode, Bob));
    }

    private static async Task<KnowledgeBase> IngestHrFolderAsync(TestFolder folder, Acl acl)
    {
        folder.Write("hr/salary.txt", $"薪酬制度\n\n薪酬调整每年三月进行，调整幅度由绩效决定，编号 {HrCode} 。\n");
        var knowledge = KnowledgeBase.Open(folder.Data);
        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "hr"), Domain = "hr", Acl = acl });
        Assert.Equal(1, result.Report.Added);
        return knowledge;
    }
}
