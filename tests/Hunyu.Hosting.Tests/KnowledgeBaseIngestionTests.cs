using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Incremental ingestion through the facade: first run, re-run, updates, tombstones and deletes.</summary>
public sealed class KnowledgeBaseIngestionTests
{
    private const string DomainName = "handbook";

    [Fact]
    public async Task IngestAsync_FolderOfFourFormats_IndexesEveryDocumentSearchablyWithProvenance()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(Request(folder));

        Assert.Empty(result.Report.Failed);
        Assert.Equal(4, result.Files);
        Assert.Equal(Corpus.DocumentCount, result.Report.Added);
        Assert.Equal(Corpus.DocumentCount, result.Documents);
        Assert.Equal(0, result.Report.Updated);
        Assert.Equal(0, result.Report.Unchanged);
        Assert.Equal(0, result.Report.Deleted);
        Assert.True(result.Report.Chunks >= Corpus.DocumentCount, $"chunks: {result.Report.Chunks}");
        Assert.Equal(DomainName, result.Source.Domain);

        var documents = await knowledge.AllDocumentsAsync();
        Assert.Equal(
            new[] { Corpus.CsvName + "#p1", Corpus.CsvName + "#p2", Corpus.JsonLinesName + "#law-1", Corpus.JsonLinesName + "#law-2", Corpus.JsonLinesName + "#law-3", Corpus.TextName, Corpus.MarkdownName }.Order(StringComparer.Ordinal),
            documents.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.All(documents, d =>
        {
            Assert.Equal(DomainName, d.Domain);
            Assert.Equal(result.Source.Id, d.SourceId);
            Assert.Equal(1, d.Version);
        });

        var expected = new (string Code, string Key, string Title)[]
        {
            (Corpus.MarkdownCode, Corpus.MarkdownName, "员工手册"),
            (Corpus.TextCode, Corpus.TextName, "机房说明"),
            (Corpus.CsvCode, Corpus.CsvName + "#p1", "智能门锁"),
            (Corpus.JsonLinesCode1, Corpus.JsonLinesName + "#law-1", "劳动合同法 第十条"),
            (Corpus.JsonLinesCode2, Corpus.JsonLinesName + "#law-2", "劳动合同法 第十二条"),
            (Corpus.JsonLinesCode3, Corpus.JsonLinesName + "#law-3", "劳动合同法 第十九条"),
        };
        foreach (var (code, key, title) in expected)
        {
            var hit = Assert.Single(await knowledge.SearchAsync(code));
            var document = documents.Single(d => d.Key == key);
            Assert.Equal(document.Id, hit.DocumentId);
            Assert.Equal(key, hit.DocumentKey);
            Assert.Equal(title, hit.Title);
            Assert.Equal(DomainName, hit.Domain);
            Assert.Equal(result.Source.Id, hit.SourceId);
            Assert.Equal($"{hit.DocumentId}:{hit.ChunkOrdinal}", hit.CitationId);
            Assert.Equal(1, hit.Rank);
            Assert.Contains(code, hit.Text, StringComparison.Ordinal);
            Assert.Contains("<em>", hit.Snippet, StringComparison.Ordinal);
            Assert.StartsWith("file://", hit.Uri, StringComparison.Ordinal);
        }

        // A Chinese phrase (no code word) finds its document too, and a heading's passage carries its section path.
        var leave = await knowledge.SearchAsync("带薪年假");
        Assert.Equal(Corpus.MarkdownName, leave[0].DocumentKey);
        Assert.Equal("员工手册 > 年假制度", leave[0].SectionPath);
        var room = await knowledge.SearchAsync("机房温度");
        Assert.Equal(Corpus.TextName, room[0].DocumentKey);
        var robot = await knowledge.SearchAsync("扫地机器人");
        Assert.Equal(Corpus.CsvName + "#p2", robot[0].DocumentKey);
    }

    [Fact]
    public async Task IngestAsync_SameFolderAgain_ChangesNothingAndAddsNoDuplicates()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        var knowledge = KnowledgeBase.Open(folder.Data);
        var first = await knowledge.IngestAsync(Request(folder));
        var idsBefore = (await knowledge.AllDocumentsAsync()).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        var markdownHitsBefore = await knowledge.SearchAsync("员工 年假 报销 差旅");

        var second = await knowledge.IngestAsync(Request(folder));

        Assert.Empty(second.Report.Failed);
        Assert.Equal(0, second.Report.Added);
        Assert.Equal(0, second.Report.Updated);
        Assert.Equal(0, second.Report.Deleted);
        Assert.Equal(0, second.Report.Chunks);
        Assert.Equal(Corpus.DocumentCount, second.Report.Unchanged);
        Assert.Equal(first.Source.Id, second.Source.Id);
        Assert.NotEqual(first.RunId, second.RunId);

        var after = await knowledge.AllDocumentsAsync();
        Assert.Equal(idsBefore, after.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(after, d => Assert.Equal(1, d.Version));
        foreach (var code in new[] { Corpus.MarkdownCode, Corpus.TextCode, Corpus.CsvCode, Corpus.JsonLinesCode1, Corpus.JsonLinesCode2, Corpus.JsonLinesCode3 })
        {
            Assert.Single(await knowledge.SearchAsync(code));
        }

        // Every chunk of the Markdown file is still there exactly once.
        var markdownHitsAfter = await knowledge.SearchAsync("员工 年假 报销 差旅");
        Assert.Equal(
            markdownHitsBefore.Select(h => h.CitationId).Order(StringComparer.Ordinal),
            markdownHitsAfter.Select(h => h.CitationId).Order(StringComparer.Ordinal));
        Assert.Equal(markdownHitsAfter.Count, markdownHitsAfter.Select(h => h.CitationId).Distinct().Count());

        // The index itself holds exactly the first run's chunks.
        knowledge.Dispose();
        var (chunks, documentIds) = IndexInspector.Read(folder.Data, DomainName);
        Assert.Equal(first.Report.Chunks, chunks);
        Assert.Equal(idsBefore, documentIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IngestAsync_OneFileChanged_UpdatesItToVersion2AndReplacesItsText()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(folder));
        var before = (await knowledge.AllDocumentsAsync()).Single(d => d.Key == Corpus.TextName);
        const string NewCode = "zqroomrevised";
        folder.Write(Corpus.TextName, Corpus.Text.Replace(Corpus.TextCode, NewCode, StringComparison.Ordinal).Replace("二十二", "二十四", StringComparison.Ordinal));

        var result = await knowledge.IngestAsync(Request(folder));

        Assert.Empty(result.Report.Failed);
        Assert.Equal(1, result.Report.Updated);
        Assert.Equal(0, result.Report.Added);
        Assert.Equal(0, result.Report.Deleted);
        Assert.Equal(Corpus.DocumentCount - 1, result.Report.Unchanged);
        var after = await knowledge.GetDocumentAsync(before.Id, Principal.LocalAdmin);
        Assert.NotNull(after);
        Assert.Equal(2, after.Version);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Empty(await knowledge.SearchAsync(Corpus.TextCode));
        var hit = Assert.Single(await knowledge.SearchAsync(NewCode));
        Assert.Equal(before.Id, hit.DocumentId);
        Assert.Contains("二十四摄氏度", hit.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await knowledge.SearchAsync("二十二摄氏度"), h => h.Text.Contains("二十二摄氏度", StringComparison.Ordinal));
        Assert.Equal(Corpus.DocumentCount, (await knowledge.AllDocumentsAsync()).Count);
    }

    [Fact]
    public async Task IngestAsync_FileRemovedFromFolder_TombstonesItsDocument()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(folder));
        var removed = (await knowledge.AllDocumentsAsync()).Single(d => d.Key == Corpus.MarkdownName);
        File.Delete(Path.Combine(folder.Source, Corpus.MarkdownName));

        var result = await knowledge.IngestAsync(Request(folder));

        Assert.Empty(result.Report.Failed);
        Assert.Equal(1, result.Report.Deleted);
        Assert.Equal(Corpus.DocumentCount - 1, result.Report.Unchanged);
        var documents = await knowledge.AllDocumentsAsync();
        Assert.Equal(Corpus.DocumentCount - 1, documents.Count);
        Assert.DoesNotContain(documents, d => d.Id == removed.Id);
        Assert.Null(await knowledge.GetDocumentAsync(removed.Id, Principal.LocalAdmin));
        Assert.Empty(await knowledge.SearchAsync(Corpus.MarkdownCode));
        Assert.DoesNotContain(await knowledge.SearchAsync("带薪年假 报销单"), h => h.DocumentId == removed.Id);
        // The other files are untouched.
        Assert.Single(await knowledge.SearchAsync(Corpus.TextCode));
    }

    [Fact]
    public async Task IngestAsync_RecordRemovedFromJsonLines_DeletesOnlyThatRecord()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(folder));
        var lines = Corpus.JsonLines.Split('\n');
        folder.Write(Corpus.JsonLinesName, lines[0] + "\n" + lines[2] + "\n");

        var result = await knowledge.IngestAsync(Request(folder));

        Assert.Empty(result.Report.Failed);
        Assert.Equal(1, result.Report.Deleted);
        Assert.Equal(0, result.Report.Updated);
        Assert.Equal(Corpus.DocumentCount - 1, result.Report.Unchanged);
        var keys = (await knowledge.AllDocumentsAsync()).Select(d => d.Key).ToList();
        Assert.DoesNotContain(Corpus.JsonLinesName + "#law-2", keys);
        Assert.Contains(Corpus.JsonLinesName + "#law-1", keys);
        Assert.Contains(Corpus.JsonLinesName + "#law-3", keys);
        Assert.Empty(await knowledge.SearchAsync(Corpus.JsonLinesCode2));
        Assert.Single(await knowledge.SearchAsync(Corpus.JsonLinesCode1));
        Assert.Single(await knowledge.SearchAsync(Corpus.JsonLinesCode3));
    }

    [Fact]
    public async Task IngestAsync_TwoDomains_KeepsThemApartInListsAndSearch()
    {
        using var folder = new TestFolder();
        folder.Write("a/notes.txt", "甲部门的笔记，编号 zqdomainone 。");
        folder.Write("b/notes.txt", "乙部门的笔记，编号 zqdomaintwo 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "a"), Domain = "one" });
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "b"), Domain = "two" });

        var domains = await knowledge.ListDomainsAsync();
        Assert.Equal(["one", "two"], domains.Select(d => d.Domain.Name).Order(StringComparer.Ordinal));
        Assert.All(domains, d => Assert.Equal(1, d.DocumentCount));
        Assert.Single(await knowledge.AllDocumentsAsync("one"));
        Assert.Equal("two", Assert.Single(await knowledge.SearchAsync("zqdomaintwo")).Domain);
        var onlyOne = await knowledge.SearchAsync(new Core.Search.SearchRequest { Query = "部门 笔记", Principal = Principal.LocalAdmin, Domains = ["one"] });
        Assert.All(onlyOne.Hits, h => Assert.Equal("one", h.Domain));
        Assert.NotEmpty(onlyOne.Hits);
    }

    [Fact]
    public async Task IngestAsync_InvalidDomainName_ThrowsInvalidArgumentAndWritesNothing()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var error = await Assert.ThrowsAsync<Core.Errors.HunyuException>(() => knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "Bad Name" }));

        Assert.Equal("invalid_argument", error.Error.Code);
        Assert.Contains("Bad Name", error.Message, StringComparison.Ordinal);
        Assert.Empty(await knowledge.ListDomainsAsync());
        Assert.Empty(await knowledge.ListRunsAsync(10));
    }

    [Fact]
    public async Task IngestAsync_MissingPath_ThrowsPathNotFoundAndRecordsNoRun()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var missing = Path.Combine(folder.Root, "no-such-folder");

        var error = await Assert.ThrowsAsync<Core.Errors.HunyuException>(() => knowledge.IngestAsync(new IngestionRequest { Path = missing }));

        Assert.Equal("path_not_found", error.Error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Empty(await knowledge.ListRunsAsync(10));
    }

    [Fact]
    public async Task ListRunsAsync_AfterTwoIngests_ReturnsBothNewestFirstWithTheirReports()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var first = await knowledge.IngestAsync(Request(folder));
        var second = await knowledge.IngestAsync(Request(folder));

        var runs = await knowledge.ListRunsAsync(10);

        Assert.Equal([second.RunId, first.RunId], runs.Select(r => r.Id));
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
        Assert.Equal(Corpus.DocumentCount, runs[1].Report!.Added);
        Assert.Equal(Corpus.DocumentCount, runs[0].Report!.Unchanged);
        Assert.Equal(first.Source.Id, runs[0].SourceId);
    }

    [Fact]
    public async Task DeleteDocumentAsync_ExistingDocument_RemovesItFromIndexAndCatalog()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(folder));
        var target = (await knowledge.AllDocumentsAsync()).Single(d => d.Key == Corpus.CsvName + "#p1");

        var deleted = await knowledge.DeleteDocumentAsync(target.Id);

        Assert.True(deleted);
        Assert.Null(await knowledge.GetDocumentAsync(target.Id, Principal.LocalAdmin));
        Assert.Equal(Corpus.DocumentCount - 1, (await knowledge.AllDocumentsAsync()).Count);
        Assert.Empty(await knowledge.SearchAsync(Corpus.CsvCode));
        Assert.Equal(Corpus.DocumentCount - 1, (await knowledge.ListDomainsAsync()).Single().DocumentCount);
        Assert.False(await knowledge.DeleteDocumentAsync(target.Id));
    }

    [Fact]
    public async Task DeleteDocumentAsync_UnknownId_ReturnsFalseAndChangesNothing()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(folder));

        Assert.False(await knowledge.DeleteDocumentAsync("0123456789abcdef"));
        Assert.False(await knowledge.DeleteDocumentAsync("nope"));

        Assert.Equal(Corpus.DocumentCount, (await knowledge.AllDocumentsAsync()).Count);
    }

    [Fact]
    public async Task Open_ExistingDataDirectory_SeesWhatAnEarlierInstanceIngested()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        using (var first = KnowledgeBase.Open(folder.Data))
        {
            await first.IngestAsync(Request(folder));
        }

        using var reopened = KnowledgeBase.Open(folder.Data);

        Assert.Equal(Corpus.DocumentCount, (await reopened.AllDocumentsAsync()).Count);
        Assert.Single(await reopened.SearchAsync(Corpus.MarkdownCode));
        var again = await reopened.IngestAsync(Request(folder));
        Assert.Equal(Corpus.DocumentCount, again.Report.Unchanged);
    }

    private static IngestionRequest Request(TestFolder folder) => new() { Path = folder.Source, Domain = DomainName };
}
