using System.Collections;
using System.Diagnostics;
using Hunyu.Core.Catalog;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

public sealed class SqliteCatalogDocumentTests
{
    private const string SourceId = "0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyAsync_NewDocument_RoundTripsEveryField()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var createdAt = new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(1234567);
        var metadata = new Dictionary<string, string> { ["作者"] = "张三", ["format"] = "markdown", ["quote"] = "\"<&>\"" };
        var acl = new Acl(["group:hr", "user:alice"], ["user:mallory"]);
        var document = Samples.Document(SourceId, "制度/休假.md", metadata: metadata, acl: acl) with
        {
            CreatedAt = createdAt,
            UpdatedAt = createdAt.AddDays(1),
            Version = 3,
        };

        await catalog.ApplyAsync([Samples.WithChunks(document, 3)], [], Token);
        var stored = await catalog.GetAsync(document.Id, Token);

        Assert.NotNull(stored);
        Assert.Equal(document with { Metadata = stored.Metadata }, stored);
        Assert.Equal(document.Metadata.OrderBy(x => x.Key), stored.Metadata.OrderBy(x => x.Key));
        Assert.Equal(createdAt.UtcTicks, stored.CreatedAt.UtcTicks);
        Assert.Contains("张三", (string)temp.Scalar($"SELECT metadata FROM documents WHERE id = '{document.Id}';")!, StringComparison.Ordinal);
        Assert.Equal(
            ["0|Intro > Part 0|1|0|80|9", "1|Intro > Part 1|2|100|180|9", "2|Intro > Part 2|3|200|280|9"],
            ChunkRows(temp, document.Id));
    }

    [Fact]
    public async Task ApplyAsync_ChangedDocument_ReplacesFieldsAndChunks()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var original = Samples.Document(SourceId, "a.md");
        await catalog.ApplyAsync([Samples.WithChunks(original, 3)], [], Token);
        var changed = original with { Title = "Renamed", ContentHash = DocumentIds.ContentHash("v2"), Version = 2, UpdatedAt = Samples.Epoch.AddDays(1), Acl = new Acl(["group:hr"], []) };

        await catalog.ApplyAsync([new DocumentWithChunks(changed, [new Chunk(changed.Id, 0, "only", "", null, 0, 4)])], [], Token);

        var stored = await catalog.GetAsync(original.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(changed with { Metadata = stored.Metadata }, stored);
        Assert.Equal(["0||null|0|4|4"], ChunkRows(temp, original.Id));
    }

    [Fact]
    public async Task ApplyAsync_ChangedHashWithStaleVersion_StoresNextVersionAndKeepsCreatedAt()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var original = Samples.Document(SourceId, "a.md", version: 4);
        await catalog.ApplyAsync([Samples.WithChunks(original, 1)], [], Token);

        var stale = original with { ContentHash = DocumentIds.ContentHash("v2"), Version = 1, CreatedAt = Samples.Epoch.AddYears(1) };
        await catalog.ApplyAsync([Samples.WithChunks(stale, 1)], [], Token);

        var stored = await catalog.GetAsync(original.Id, Token);
        Assert.Equal(5, stored?.Version);
        Assert.Equal(Samples.Epoch, stored?.CreatedAt);
    }

    [Fact]
    public async Task ApplyAsync_UnchangedHash_KeepsVersion()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var original = Samples.Document(SourceId, "a.md", version: 2);
        await catalog.ApplyAsync([Samples.WithChunks(original, 1)], [], Token);

        await catalog.ApplyAsync([Samples.WithChunks(original with { Version = 7, Acl = new Acl(["user:bob"], []) }, 1)], [], Token);

        var stored = await catalog.GetAsync(original.Id, Token);
        Assert.Equal(2, stored?.Version);
        Assert.Equal(["user:bob"], stored?.Acl.Allow);
    }

    [Fact]
    public async Task ApplyAsync_DeletedIds_TombstonesAndDropsChunks()
    {
        using var temp = new TempFolder();
        var clock = new ManualClock(Samples.Epoch.AddDays(3));
        using var catalog = SqliteCatalog.Open(temp.DatabasePath, clock);
        var keep = Samples.Document(SourceId, "keep.md");
        var gone = Samples.Document(SourceId, "gone.md");
        await catalog.ApplyAsync([Samples.WithChunks(keep, 2), Samples.WithChunks(gone, 2)], [], Token);

        await catalog.ApplyAsync([], [gone.Id, "never-existed"], Token);

        Assert.Null(await catalog.GetAsync(gone.Id, Token));
        Assert.NotNull(await catalog.GetAsync(keep.Id, Token));
        Assert.Equal(["keep.md"], (await catalog.GetStatesAsync(SourceId, Token)).Keys);
        Assert.Empty(ChunkRows(temp, gone.Id));
        Assert.Equal(2, ChunkRows(temp, keep.Id).Count);
        Assert.Equal("2025-03-04T08:00:00.0000000Z", temp.Scalar($"SELECT deleted_at FROM documents WHERE id = '{gone.Id}';"));
        Assert.Equal(1, (await catalog.ListAsync(null, 0, 10, Token)).Total);
    }

    [Fact]
    public async Task ApplyAsync_TombstonedDocumentReturnsChanged_RevivesWithNextVersion()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var original = Samples.Document(SourceId, "a.md", version: 3);
        await catalog.ApplyAsync([Samples.WithChunks(original, 2)], [], Token);
        await catalog.ApplyAsync([], [original.Id], Token);

        // The ingester no longer sees the tombstoned document, so it offers it as new: version 1, created now.
        var returned = Samples.Document(SourceId, "a.md", content: "v2", version: 1) with { CreatedAt = Samples.Epoch.AddDays(9), UpdatedAt = Samples.Epoch.AddDays(9) };
        await catalog.ApplyAsync([Samples.WithChunks(returned, 1)], [], Token);

        var stored = await catalog.GetAsync(original.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal(4, stored.Version);
        Assert.Equal(returned.ContentHash, stored.ContentHash);
        Assert.Equal(Samples.Epoch, stored.CreatedAt);
        Assert.Equal(Samples.Epoch.AddDays(9), stored.UpdatedAt);
        Assert.Single(ChunkRows(temp, original.Id));
        Assert.Equal(4, (await catalog.GetStatesAsync(SourceId, Token))["a.md"].Version);
    }

    [Fact]
    public async Task ApplyAsync_TombstonedDocumentReturnsUnchanged_RevivesWithSameVersion()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var original = Samples.Document(SourceId, "a.md", version: 3);
        await catalog.ApplyAsync([Samples.WithChunks(original, 2)], [], Token);
        await catalog.ApplyAsync([], [original.Id], Token);

        await catalog.ApplyAsync([Samples.WithChunks(original with { Version = 1 }, 2)], [], Token);

        Assert.Equal(3, (await catalog.GetAsync(original.Id, Token))?.Version);
    }

    [Fact]
    public async Task ApplyAsync_SameIdUpsertedAndDeleted_EndsDeleted()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var document = Samples.Document(SourceId, "a.md");

        await catalog.ApplyAsync([Samples.WithChunks(document, 1)], [document.Id], Token);

        Assert.Null(await catalog.GetAsync(document.Id, Token));
    }

    [Fact]
    public async Task ApplyAsync_ChunkOfAnotherDocument_ThrowsArgumentExceptionAndWritesNothing()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var document = Samples.Document(SourceId, "a.md");
        var other = Samples.Document(SourceId, "b.md");

        await Assert.ThrowsAsync<ArgumentException>(
            () => catalog.ApplyAsync([Samples.WithChunks(other, 1), new DocumentWithChunks(document, [new Chunk("elsewhere", 0, "x", "", null, 0, 1)])], [], Token));

        Assert.Equal(0, (await catalog.ListAsync(null, 0, 10, Token)).Total);
    }

    [Fact]
    public async Task ApplyAsync_RepeatedOrdinal_ThrowsArgumentException()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var document = Samples.Document(SourceId, "a.md");
        var chunk = new Chunk(document.Id, 0, "x", "", null, 0, 1);

        await Assert.ThrowsAsync<ArgumentException>(() => catalog.ApplyAsync([new DocumentWithChunks(document, [chunk, chunk])], [], Token));
    }

    [Fact]
    public async Task ApplyAsync_ExceptionMidBatch_LeavesPreviousStateIntact()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var originals = Enumerable.Range(0, 10).Select(i => Samples.Document(SourceId, $"doc{i}.md")).ToList();
        await catalog.ApplyAsync([.. originals.Select(d => Samples.WithChunks(d, 2))], [], Token);

        // Nine good rows are written inside the transaction before the tenth blows up while being serialised.
        var batch = originals.Take(9).Select(d => Samples.WithChunks(d with { ContentHash = "changed", Version = 2, Title = "new" }, 1)).ToList();
        batch.Add(Samples.WithChunks(Samples.Document(SourceId, "new.md"), 3));
        batch.Add(Samples.WithChunks(originals[9] with { Metadata = new ExplodingMetadata() }, 1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.ApplyAsync(batch, [originals[0].Id, originals[1].Id], Token));

        var states = await catalog.GetStatesAsync(SourceId, Token);
        Assert.Equal(10, states.Count);
        Assert.All(states.Values, s => Assert.Equal((originals[0].ContentHash, 1), (s.ContentHash, s.Version)));
        Assert.Equal("Title of doc0.md", (await catalog.GetAsync(originals[0].Id, Token))?.Title);
        Assert.Equal(20L, temp.Scalar("SELECT COUNT(*) FROM chunks;"));
        Assert.Equal(0L, temp.Scalar("SELECT COUNT(*) FROM documents WHERE deleted_at IS NOT NULL;"));

        // The failed batch released the write lock: the next one goes through.
        await catalog.ApplyAsync([], [originals[0].Id], Token);
        Assert.Equal(9, (await catalog.GetStatesAsync(SourceId, Token)).Count);
    }

    [Fact]
    public async Task ApplyAsync_CancelledBeforeCommit_WritesNothing()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        using var cancellation = new CancellationTokenSource();
        var batch = Enumerable.Range(0, 5).Select(i => Samples.WithChunks(Samples.Document(SourceId, $"d{i}.md"), 1)).ToList();
        batch.Add(Samples.WithChunks(Samples.Document(SourceId, "cancel.md") with { Metadata = new CancellingMetadata(cancellation) }, 1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => catalog.ApplyAsync(batch, [], cancellation.Token));

        Assert.Equal(0L, temp.Scalar("SELECT COUNT(*) FROM documents;"));
    }

    [Fact]
    public async Task GetStatesAsync_MixedSources_ReturnsLiveDocumentsOfThatSourceByKey()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var a = Samples.Document(SourceId, "a.md", version: 2);
        var b = Samples.Document(SourceId, "b.md");
        var other = Samples.Document("fedcba9876543210", "a.md");
        await catalog.ApplyAsync([Samples.WithChunks(a, 1), Samples.WithChunks(b, 1), Samples.WithChunks(other, 1)], [b.Id], Token);

        var states = await catalog.GetStatesAsync(SourceId, Token);

        var state = Assert.Single(states);
        Assert.Equal("a.md", state.Key);
        Assert.Equal(new DocumentState(a.Id, a.ContentHash, 2, Samples.Epoch), state.Value);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        Assert.Null(await catalog.GetAsync("nope", Token));
    }

    [Fact]
    public async Task ListAsync_Paging_ReturnsNewestFirstThenIdWithTotal()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var documents = Enumerable.Range(0, 7)
            .Select(i => Samples.Document(SourceId, $"d{i}.md", updatedAt: Samples.Epoch.AddHours(i / 2)))
            .ToList();
        await catalog.ApplyAsync([.. documents.Select(d => Samples.WithChunks(d, 1))], [documents[6].Id], Token);
        var expected = documents.Take(6)
            .OrderByDescending(d => d.UpdatedAt)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => d.Id)
            .ToList();

        var pages = new List<DocumentPage>();
        for (var offset = 0; offset < 8; offset += 4)
        {
            pages.Add(await catalog.ListAsync(null, offset, 4, Token));
        }

        Assert.All(pages, p => Assert.Equal(6, p.Total));
        Assert.Equal(4, pages[0].Documents.Count);
        Assert.Equal(2, pages[1].Documents.Count);
        Assert.Equal(expected, pages.SelectMany(p => p.Documents).Select(d => d.Id));
        var beyond = await catalog.ListAsync(null, 100, 4, Token);
        Assert.Equal(6, beyond.Total);
        Assert.Empty(beyond.Documents);
        var countOnly = await catalog.ListAsync(null, 0, 0, Token);
        Assert.Equal(6, countOnly.Total);
        Assert.Empty(countOnly.Documents);
    }

    [Fact]
    public async Task ListAsync_DomainFilter_ReturnsOnlyThatDomainWithItsCount()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var handbook = Enumerable.Range(0, 3).Select(i => Samples.Document(SourceId, $"h{i}.md", updatedAt: Samples.Epoch.AddDays(i)));
        var statutes = Enumerable.Range(0, 5).Select(i => Samples.Document("fedcba9876543210", $"s{i}.txt", domain: "statutes", updatedAt: Samples.Epoch.AddDays(i)));
        await catalog.ApplyAsync([.. handbook.Concat(statutes).Select(d => Samples.WithChunks(d, 1))], [], Token);

        var page = await catalog.ListAsync("statutes", 1, 2, Token);
        var none = await catalog.ListAsync("unknown", 0, 10, Token);

        Assert.Equal(5, page.Total);
        Assert.Equal(["s3.txt", "s2.txt"], page.Documents.Select(d => d.Key));
        Assert.All(page.Documents, d => Assert.Equal("statutes", d.Domain));
        Assert.Equal(0, none.Total);
        Assert.Empty(none.Documents);
        Assert.Equal(8, (await catalog.ListAsync(null, 0, 100, Token)).Total);
    }

    [Fact]
    public async Task ListAsync_NegativeOffset_ThrowsArgumentOutOfRange()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => catalog.ListAsync(null, -1, 10, Token));
    }

    [Fact]
    public async Task ApplyAsync_ThousandDocumentBatch_TakesWellUnderASecond()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.ApplyAsync([Samples.WithChunks(Samples.Document("warmup0000000000", "warm.md"), 1)], [], Token);
        var batch = Enumerable.Range(0, 1000)
            .Select(i => Samples.WithChunks(
                Samples.Document(SourceId, $"法规/{i:D5}.txt", metadata: new Dictionary<string, string> { ["title"] = "中华人民共和国某某法 第" + i + "条", ["format"] = "txt" }),
                1 + (i % 3)))
            .ToList();

        var insert = Stopwatch.StartNew();
        await catalog.ApplyAsync(batch, [], Token);
        insert.Stop();
        var update = Stopwatch.StartNew();
        await catalog.ApplyAsync([.. batch.Select(x => x with { Document = x.Document with { ContentHash = "changed" } })], [], Token);
        update.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"insert 1000: {insert.ElapsedMilliseconds} ms, update 1000: {update.ElapsedMilliseconds} ms");
        Assert.Equal(1001, (await catalog.ListAsync(null, 0, 0, Token)).Total);
        Assert.Equal((long)batch.Sum(x => x.Chunks.Count), temp.Scalar($"SELECT COUNT(*) FROM chunks WHERE document_id <> '{DocumentIds.ForDocument("warmup0000000000", "warm.md")}';"));
        Assert.True(insert.Elapsed < TimeSpan.FromSeconds(1), $"insert took {insert.Elapsed}");
        Assert.True(update.Elapsed < TimeSpan.FromSeconds(1), $"update took {update.Elapsed}");
    }

    private static List<string> ChunkRows(TempFolder temp, string documentId)
    {
        using var connection = temp.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ordinal || '|' || section_path || '|' || coalesce(page, 'null') || '|' || start_offset || '|' || end_offset || '|' || char_count
            FROM chunks WHERE document_id = $id ORDER BY ordinal;
            """;
        command.Parameters.AddWithValue("$id", documentId);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Metadata that throws when the catalog serialises it: a bad row in the middle of a batch.</summary>
    private sealed class ExplodingMetadata : IReadOnlyDictionary<string, string>
    {
        public int Count => 1;

        public IEnumerable<string> Keys => throw Explode();

        public IEnumerable<string> Values => throw Explode();

        public string this[string key] => throw Explode();

        public bool ContainsKey(string key) => throw Explode();

        public bool TryGetValue(string key, out string value) => throw Explode();

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => throw Explode();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static InvalidOperationException Explode() => new("simulated failure while writing a row");
    }

    /// <summary>Empty metadata that cancels the token when the catalog serialises it, i.e. after the rows before it were written.</summary>
    private sealed class CancellingMetadata(CancellationTokenSource cancellation) : IReadOnlyDictionary<string, string>
    {
        public int Count => 0;

        public IEnumerable<string> Keys => [];

        public IEnumerable<string> Values => [];

        public string this[string key] => throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => false;

        public bool TryGetValue(string key, out string value)
        {
            value = string.Empty;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            cancellation.Cancel();
            return Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
