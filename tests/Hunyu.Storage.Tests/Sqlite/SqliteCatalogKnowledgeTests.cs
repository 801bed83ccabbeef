using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

public sealed class SqliteCatalogKnowledgeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureDomainAsync_New_StoresAndReturnsIt()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var stored = await catalog.EnsureDomainAsync(new Domain("notes-alice", DomainKind.Personal, 0.5, "alice"), Token);

        Assert.Equal(new Domain("notes-alice", DomainKind.Personal, 0.5, "alice"), stored);
    }

    [Fact]
    public async Task EnsureDomainAsync_Existing_ReturnsStoredWithoutOverwritingKind()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.EnsureDomainAsync(new Domain("statutes", DomainKind.Industry, 2.0), Token);

        var again = await catalog.EnsureDomainAsync(new Domain("statutes", DomainKind.Internet, 9.0, "bob"), Token);

        Assert.Equal(new Domain("statutes", DomainKind.Industry, 2.0), again);
        var summary = Assert.Single(await catalog.ListDomainsAsync(Token));
        Assert.Equal(DomainKind.Industry, summary.Domain.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    public async Task EnsureDomainAsync_InvalidName_ThrowsInvalidArgument(string name)
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.EnsureDomainAsync(new Domain(name, DomainKind.Enterprise), Token));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Empty(await catalog.ListDomainsAsync(Token));
    }

    [Fact]
    public async Task EnsureSourceAsync_Twice_ReturnsSameSourceWithDerivedId()
    {
        using var temp = new TempFolder();
        var clock = new ManualClock(Samples.Epoch);
        using var catalog = SqliteCatalog.Open(temp.DatabasePath, clock);
        await catalog.EnsureDomainAsync(new Domain("statutes", DomainKind.Industry), Token);

        var first = await catalog.EnsureSourceAsync("statutes", "files", "/srv/statutes", Token);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await catalog.EnsureSourceAsync("statutes", "files", "/srv/statutes", Token);

        Assert.Equal(DocumentIds.ForSource("statutes", "files", "/srv/statutes"), first.Id);
        Assert.Equal(new Source(first.Id, "statutes", "files", "/srv/statutes", Samples.Epoch), first);
        Assert.Equal(first, second);
        Assert.Single(Assert.Single(await catalog.ListDomainsAsync(Token)).Sources);
    }

    [Fact]
    public async Task EnsureSourceAsync_MissingDomain_CreatesEnterpriseDomain()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        await catalog.EnsureSourceAsync("handbook", "upload", "uploads", Token);

        var summary = Assert.Single(await catalog.ListDomainsAsync(Token));
        Assert.Equal(new Domain("handbook", DomainKind.Enterprise), summary.Domain);
    }

    [Fact]
    public async Task EnsureSourceAsync_ExistingDomain_KeepsItsKind()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.EnsureDomainAsync(new Domain("crm", DomainKind.Business, 1.5), Token);

        await catalog.EnsureSourceAsync("crm", "sql", "Server=crm;Table=tickets", Token);

        Assert.Equal(new Domain("crm", DomainKind.Business, 1.5), Assert.Single(await catalog.ListDomainsAsync(Token)).Domain);
    }

    [Fact]
    public async Task EnsureSourceAsync_BlankLocation_ThrowsInvalidArgument()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.EnsureSourceAsync("handbook", "files", " ", Token));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
    }

    [Fact]
    public async Task ListDomainsAsync_WithDocumentsAndRuns_ReportsLiveCountsAndLastFinishedRun()
    {
        using var temp = new TempFolder();
        var clock = new ManualClock(Samples.Epoch);
        using var catalog = SqliteCatalog.Open(temp.DatabasePath, clock);
        await catalog.EnsureDomainAsync(new Domain("empty", DomainKind.Internet), Token);
        var files = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        var upload = await catalog.EnsureSourceAsync("handbook", "upload", "uploads", Token);
        var statutes = await catalog.EnsureSourceAsync("statutes", "files", "/srv/statutes", Token);
        var a = Samples.Document(files.Id, "a.md");
        var b = Samples.Document(files.Id, "b.md");
        var c = Samples.Document(upload.Id, "c.pdf");
        var d = Samples.Document(statutes.Id, "law.txt", domain: "statutes");
        await catalog.ApplyAsync([Samples.WithChunks(a, 1), Samples.WithChunks(b, 1), Samples.WithChunks(c, 1), Samples.WithChunks(d, 1)], [], Token);
        await catalog.ApplyAsync([], [b.Id], Token);

        var first = await catalog.StartAsync(files.Id, Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await catalog.FinishAsync(first, Samples.Report(), Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await catalog.StartAsync(files.Id, Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await catalog.FinishAsync(second, Samples.Report(), Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        await catalog.StartAsync(files.Id, Token);

        var domains = await catalog.ListDomainsAsync(Token);

        Assert.Equal(["empty", "handbook", "statutes"], domains.Select(x => x.Domain.Name));
        Assert.Equal(0, domains[0].DocumentCount);
        Assert.Empty(domains[0].Sources);
        var handbook = domains[1];
        Assert.Equal(2, handbook.DocumentCount);
        Assert.Equal(["files", "upload"], handbook.Sources.Select(x => x.Source.Kind));
        Assert.Equal(1, handbook.Sources[0].DocumentCount);
        Assert.Equal(Samples.Epoch.AddMinutes(3), handbook.Sources[0].LastIngestedAt);
        Assert.Equal(1, handbook.Sources[1].DocumentCount);
        Assert.Null(handbook.Sources[1].LastIngestedAt);
        Assert.Equal(1, domains[2].DocumentCount);
    }
}
