using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Notes;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Personal notes: added, edited and deleted through the index, and searched for their owner alone.</summary>
public sealed class PersonalNotesTests
{
    private static readonly Principal Alice = new("alice", ["hr"]);
    private static readonly Principal Bob = new("bob", ["hr"]);
    private static readonly Principal Admin = Principal.LocalAdmin;

    [Fact]
    public async Task AddAsync_Note_IsFoundByItsOwnerWithTheSharedDocuments()
    {
        using var folder = new TestFolder();
        folder.Write("policy.md", "# 报销制度\n\n差旅报销需在出差结束后十五日内提交。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });
        var notes = new PersonalNotes(knowledge);

        var note = await notes.AddAsync(Alice, "出差备忘", "上海出差的报销单据放在蓝色文件夹里。");
        var result = await knowledge.SearchAsync(new SearchRequest { Query = "出差 报销", Principal = Alice });

        Assert.Equal(["handbook", "notes-alice"], result.Hits.Select(h => h.Domain).Order(StringComparer.Ordinal));
        Assert.Contains(result.Hits, hit => hit.DocumentId == note.DocumentId && hit.Title == "出差备忘");
        Assert.Equal(1, result.DomainCounts["notes-alice"]);
    }

    [Fact]
    public async Task SearchAsync_AnotherUsersNotes_AreInvisibleEvenToAdminsAndWhenNamed()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var notes = new PersonalNotes(knowledge);
        await notes.AddAsync(Alice, null, "zqprivatecode 体检报告在抽屉里");

        var bob = await knowledge.SearchAsync(new SearchRequest { Query = "zqprivatecode", Principal = Bob });
        var admin = await knowledge.SearchAsync(new SearchRequest { Query = "zqprivatecode", Principal = Admin });
        var named = await knowledge.SearchAsync(new SearchRequest { Query = "zqprivatecode", Principal = Bob, Domains = ["notes-alice"] });
        var missing = await knowledge.SearchAsync(new SearchRequest { Query = "zqprivatecode", Principal = Bob, Domains = ["notes-nobody"] });

        Assert.Empty(bob.Hits);
        Assert.False(bob.DomainCounts.ContainsKey("notes-alice"));
        Assert.Empty(admin.Hits);
        Assert.Empty(named.Hits);
        // The same answer as for a domain that does not exist.
        Assert.Equal(missing.Warnings.Single().Message.Replace("nobody", "alice", StringComparison.Ordinal), named.Warnings.Single().Message);
        Assert.Single((await knowledge.SearchAsync(new SearchRequest { Query = "zqprivatecode", Principal = Alice })).Hits);
        Assert.Empty(await notes.ListAsync(Bob));
    }

    [Fact]
    public async Task UpdateAsync_NewText_ReplacesWhatIsFound()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var notes = new PersonalNotes(knowledge);
        var note = await notes.AddAsync(Alice, "会议", "周一 zqoldword 例会");

        var updated = await notes.UpdateAsync(Alice, note.Id, null, "周二 zqnewword 例会");

        Assert.NotNull(updated);
        Assert.Equal(("会议", "周二 zqnewword 例会", note.DocumentId), (updated.Title, updated.Text, updated.DocumentId));
        Assert.Empty((await knowledge.SearchAsync(new SearchRequest { Query = "zqoldword", Principal = Alice })).Hits);
        Assert.Single((await knowledge.SearchAsync(new SearchRequest { Query = "zqnewword", Principal = Alice })).Hits);
        Assert.Null(await notes.UpdateAsync(Bob, note.Id, null, "hijack"));
    }

    [Fact]
    public async Task DeleteAsync_Note_IsGoneFromSearchAndList()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var notes = new PersonalNotes(knowledge);
        var note = await notes.AddAsync(Alice, null, "zqdeleteme");

        Assert.False(await notes.DeleteAsync(Bob, note.Id));
        Assert.True(await notes.DeleteAsync(Alice, note.Id));

        Assert.Empty((await knowledge.SearchAsync(new SearchRequest { Query = "zqdeleteme", Principal = Alice })).Hits);
        Assert.Empty(await notes.ListAsync(Alice));
        Assert.False(await notes.DeleteAsync(Alice, note.Id));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF123456")]
    [InlineData("")]
    public async Task GetAsync_MalformedId_IsNotFound(string id)
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);

        Assert.Null(await new PersonalNotes(knowledge).GetAsync(Alice, id));
    }

    [Fact]
    public async Task AddAsync_EmptyOrHugeText_FailsClearlyAndKeepsNothing()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var notes = new PersonalNotes(knowledge);

        var empty = await Assert.ThrowsAsync<HunyuException>(() => notes.AddAsync(Alice, null, "  "));
        var huge = await Assert.ThrowsAsync<HunyuException>(() => notes.AddAsync(Alice, null, new string('字', PersonalNotes.MaxTextLength + 1)));

        Assert.Equal(ErrorCode.InvalidArgument, empty.Error);
        Assert.Equal(ErrorCode.TooLarge, huge.Error);
        Assert.Contains("1,000,000", huge.Message, StringComparison.Ordinal);
        Assert.Empty(await notes.ListAsync(Alice));
    }

    [Fact]
    public async Task AddAsync_SharedDomainTakenTheNotesName_RefusesToWriteThere()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.EnsureDomainAsync(new Core.Knowledge.Domain("notes-alice", Core.Knowledge.DomainKind.Enterprise));

        var error = await Assert.ThrowsAsync<HunyuException>(() => new PersonalNotes(knowledge).AddAsync(Alice, null, "私密内容"));

        Assert.Contains("not the personal domain", error.Message, StringComparison.Ordinal);
        Assert.Empty(await knowledge.AllDocumentsAsync("notes-alice"));
    }

    [Fact]
    public async Task AddAsync_SameUserNameInTwoTenants_EachWritesAndFindsOnlyTheirOwnNotes()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var notes = new PersonalNotes(knowledge);
        var acme = new Principal("alice", []) { Tenant = "acme" };
        var globex = new Principal("alice", []) { Tenant = "globex" };

        var defaultNote = await AddAsAsync(notes, Alice, "zqshared 默认租户的笔记 zqdefault");
        var acmeNote = await AddAsAsync(notes, acme, "zqshared acme 的笔记 zqacme");
        var globexNote = await AddAsAsync(notes, globex, "zqshared globex 的笔记 zqglobex");

        Assert.Equal("notes-alice", defaultNote.Domain);
        Assert.Equal(3, new[] { defaultNote.Domain, acmeNote.Domain, globexNote.Domain }.Distinct(StringComparer.Ordinal).Count());
        foreach (var (owner, note) in new[] { (Alice, defaultNote), (acme, acmeNote), (globex, globexNote) })
        {
            var found = await knowledge.SearchAsync(new SearchRequest { Query = "zqshared", Principal = owner });
            var hit = Assert.Single(found.Hits);
            Assert.Equal((note.DocumentId, note.Domain), (hit.DocumentId, hit.Domain));
            Assert.Equal([note.Id], (await notes.ListAsync(owner)).Select(n => n.Id));
        }

        // Naming the other tenant's personal domain finds nothing either.
        var named = await knowledge.SearchAsync(new SearchRequest { Query = "zqglobex", Principal = acme, Domains = [globexNote.Domain] });
        Assert.Empty(named.Hits);
        Assert.Null(await notes.GetAsync(acme, globexNote.Id));
        Assert.False(await notes.DeleteAsync(acme, globexNote.Id));
        Assert.Single((await knowledge.SearchAsync(new SearchRequest { Query = "zqglobex", Principal = globex })).Hits);
    }

    // As the server runs it: the request's principal is the caller the knowledge base records and creates domains for.
    private static async Task<Note> AddAsAsync(PersonalNotes notes, Principal owner, string text)
    {
        using (AuditCaller.Use(new AuditCaller(owner, "test")))
        {
            return await notes.AddAsync(owner, null, text);
        }
    }

    [Theory]
    [InlineData("default", "alice", "notes-alice")]
    [InlineData("default", "Alice", "notes_")]
    [InlineData("default", "张三", "notes_")]
    [InlineData("acme", "alice", "notes_")]
    public void DomainOf_UserId_IsAValidDistinctName(string tenant, string user, string prefix)
    {
        var domain = PersonalNotes.DomainOf(tenant, user);

        Assert.StartsWith(prefix, domain, StringComparison.Ordinal);
        Assert.True(Core.Knowledge.Domain.IsValidName(domain));
        Assert.NotEqual(PersonalNotes.DomainOf(tenant, user + "2"), domain);
        Assert.NotEqual(PersonalNotes.DomainOf(tenant == "acme" ? "globex" : "acme", user), domain);
    }
}
