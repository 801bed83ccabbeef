using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// Every domain belongs to a tenant and only that tenant's principals see it, administrators included: search (named or
/// not), answers, reads by id, listings, runs, ACL rules and ingest all follow.
/// </summary>
public sealed class TenancyTests
{
    private const string AcmeCode = "zqacmepayroll";
    private const string GlobexCode = "zqglobexpayroll";

    private static readonly Principal AcmeAdmin = Principal.Create("acme", "root", [], PrincipalRole.Admin);
    private static readonly Principal AcmeReader = Principal.Create("acme", "ann", ["staff"], PrincipalRole.Reader);
    private static readonly Principal GlobexAdmin = Principal.Create("globex", "root", [], PrincipalRole.Admin);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchAsync_TwoTenants_EachSeesOnlyItsOwnDomainsAdministratorsIncluded()
    {
        using var folder = new TestFolder();
        using var knowledge = await TwoTenantsAsync(folder);

        Assert.Equal("acme-hr", Assert.Single(await knowledge.SearchAsync($"{AcmeCode} {GlobexCode}", AcmeAdmin)).Domain);
        Assert.Equal("acme-hr", Assert.Single(await knowledge.SearchAsync($"{AcmeCode} {GlobexCode}", AcmeReader)).Domain);
        Assert.Equal("globex-hr", Assert.Single(await knowledge.SearchAsync($"{AcmeCode} {GlobexCode}", GlobexAdmin)).Domain);

        // The default tenant (the local administrator) sees neither.
        Assert.Empty(await knowledge.SearchAsync($"{AcmeCode} {GlobexCode}", Principal.LocalAdmin));
    }

    [Fact]
    public async Task SearchAsync_NamingAnotherTenantsDomain_AnswersExactlyLikeAMissingDomain()
    {
        using var folder = new TestFolder();
        using var knowledge = await TwoTenantsAsync(folder);

        var other = await knowledge.SearchAsync(new SearchRequest { Query = GlobexCode, Principal = AcmeAdmin, Domains = ["globex-hr"] }, Token);
        var missing = await knowledge.SearchAsync(new SearchRequest { Query = GlobexCode, Principal = AcmeAdmin, Domains = ["nosuch"] }, Token);

        Assert.Empty(other.Hits);
        Assert.Equal(0, other.TotalHits);
        var warning = Assert.Single(other.Warnings);
        var missingWarning = Assert.Single(missing.Warnings);
        Assert.Equal(missingWarning.Code, warning.Code);
        Assert.Equal(missingWarning.Message.Replace("nosuch", "globex-hr", StringComparison.Ordinal), warning.Message);

        // An answer cites acme's own pay rule, never globex's.
        var asked = await knowledge.AskAsync(new SearchRequest { Query = $"{GlobexCode} 工资何时发放？", Principal = AcmeAdmin }, Token);
        Assert.All(asked.Search.Hits, hit => Assert.Equal("acme-hr", hit.Domain));
        Assert.DoesNotContain("二十日", asked.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDocumentAsync_AnotherTenantsDocumentId_IsNullLikeAMissingOne()
    {
        using var folder = new TestFolder();
        using var knowledge = await TwoTenantsAsync(folder);
        var globexDocument = Assert.Single((await knowledge.ListDocumentsAsync(GlobexAdmin, null, 0, 10, Token)).Documents);

        Assert.NotNull(await knowledge.GetDocumentAsync(globexDocument.Id, GlobexAdmin, Token));
        Assert.Null(await knowledge.GetDocumentAsync(globexDocument.Id, AcmeAdmin, Token));
        Assert.Null(await knowledge.ReadDocumentAsync(globexDocument.Id, AcmeAdmin, Token));
    }

    [Fact]
    public async Task ListDocumentsAndRuns_OfATenant_HoldOnlyItsOwn()
    {
        using var folder = new TestFolder();
        using var knowledge = await TwoTenantsAsync(folder);

        var acme = await knowledge.ListDocumentsAsync(AcmeReader, null, 0, 10, Token);
        var acmeNamingGlobex = await knowledge.ListDocumentsAsync(AcmeAdmin, "globex-hr", 0, 10, Token);
        var runs = await knowledge.ListRunsAsync(10, "acme", Token);

        Assert.Equal(1, acme.Total);
        Assert.Equal("acme-hr", Assert.Single(acme.Documents).Domain);
        Assert.Equal(0, acmeNamingGlobex.Total);
        var run = Assert.Single(runs);
        Assert.NotNull(await knowledge.GetRunAsync(run.Id, "acme", Token));
        Assert.Null(await knowledge.GetRunAsync(run.Id, "globex", Token));
        Assert.Equal(2, (await knowledge.ListRunsAsync(10, cancellationToken: Token)).Count);
    }

    [Fact]
    public async Task IngestAndAcl_IntoAnotherTenantsDomain_AreNotFound()
    {
        using var folder = new TestFolder();
        using var knowledge = await TwoTenantsAsync(folder);
        folder.Write("intrude/x.txt", "闯入的内容。");

        using (AuditCaller.Use(new AuditCaller(AcmeAdmin, "test")))
        {
            var ingest = await Assert.ThrowsAsync<HunyuException>(() =>
                knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "intrude"), Domain = "globex-hr" }, cancellationToken: Token));
            var acl = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SetAclAsync(new AclTarget(AclTargetKind.Domain, "globex-hr"), Acl.Public, Token));
            var read = await Assert.ThrowsAsync<HunyuException>(() => knowledge.GetAclAsync(new AclTarget(AclTargetKind.Domain, "globex-hr"), Token));
            var rename = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SaveDomainAsync("globex-hr", DomainKind.Enterprise, cancellationToken: Token));

            Assert.Equal(ErrorCode.NotFound, ingest.Error);
            Assert.Equal(ErrorCode.NotFound, acl.Error);
            Assert.Equal(ErrorCode.NotFound, read.Error);
            Assert.Equal(ErrorCode.InvalidArgument, rename.Error);
            Assert.Contains("unique in the installation", rename.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await knowledge.SearchAsync("闯入", GlobexAdmin));
        Assert.Equal("globex", (await knowledge.ListDomainsAsync(Token)).Single(d => d.Domain.Name == "globex-hr").Domain.Tenant);
    }

    [Fact]
    public async Task IngestAsync_NewDomain_BelongsToTheCallersTenant()
    {
        using var folder = new TestFolder();
        folder.Write("fresh/a.txt", $"新领域的内容，编号 {AcmeCode} 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        using (AuditCaller.Use(new AuditCaller(AcmeAdmin, "test")))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "fresh"), Domain = "fresh" }, cancellationToken: Token);
        }

        Assert.Equal("acme", (await knowledge.ListDomainsAsync(Token)).Single().Domain.Tenant);
        Assert.Single(await knowledge.SearchAsync(AcmeCode, AcmeReader));
        Assert.Empty(await knowledge.SearchAsync(AcmeCode, Principal.LocalAdmin));
    }

    /// <summary>Two tenants, each with one HR domain holding one public document.</summary>
    [Fact]
    public async Task SearchAndRead_DomainAnotherProcessCreatedAfterTheFirstSearch_IsFoundForItsTenantOnly()
    {
        using var folder = new TestFolder();
        folder.Write("acme/pay.txt", $"工资制度\n\n工资每月十日发放，编号 {AcmeCode} 。\n");
        using var first = KnowledgeBase.Open(folder.Data);
        // The first search loads the domains this process knows: none yet.
        Assert.Empty(await first.SearchAsync(AcmeCode, AcmeAdmin));
        using (var second = KnowledgeBase.Open(folder.Data))
        using (AuditCaller.Use(new AuditCaller(AcmeAdmin, "test")))
        {
            await second.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "acme"), Domain = "acme-hr" }, cancellationToken: Token);
        }

        var hit = Assert.Single(await first.SearchAsync(AcmeCode, AcmeAdmin));

        Assert.Equal("acme-hr", hit.Domain);
        Assert.Empty(await first.SearchAsync(AcmeCode, GlobexAdmin));
        Assert.NotNull(await first.GetDocumentAsync(hit.DocumentId, AcmeReader, Token));
        Assert.Null(await first.GetDocumentAsync(hit.DocumentId, GlobexAdmin, Token));
    }

    private static async Task<KnowledgeBase> TwoTenantsAsync(TestFolder folder)
    {
        folder.Write("acme/pay.txt", $"工资制度\n\n工资每月十日发放，编号 {AcmeCode} 。\n");
        folder.Write("globex/pay.txt", $"工资制度\n\n工资每月二十日发放，编号 {GlobexCode} 。\n");
        var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.SaveDomainAsync("acme-hr", DomainKind.Enterprise, tenant: "acme", cancellationToken: Token);
        await knowledge.SaveDomainAsync("globex-hr", DomainKind.Enterprise, tenant: "globex", cancellationToken: Token);
        using (AuditCaller.Use(new AuditCaller(AcmeAdmin, "test")))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "acme"), Domain = "acme-hr" }, cancellationToken: Token);
        }

        using (AuditCaller.Use(new AuditCaller(GlobexAdmin, "test")))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "globex"), Domain = "globex-hr" }, cancellationToken: Token);
        }

        return knowledge;
    }
}
