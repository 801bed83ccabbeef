using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// A crash while the index writes a commit leaves its segments file cut short. The index must stay usable: the last
/// complete commit is what it holds, and running the ingest again completes the interrupted run.
/// </summary>
public sealed class TornCommitTests
{
    [Fact]
    public async Task IngestAsync_AfterCrashWritingALaterCommit_FallsBackToTheLastCompleteCommitAndCompletes()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        var index = Path.Combine(folder.Data, "indexes", "default");
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        }

        // A crash while writing the next commit leaves its segments file cut short beside the last complete one.
        var (last, generation) = NewestCommit(index);
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(Path.Combine(index, SegmentsFileName(generation + 1)), bytes[..(bytes.Length / 2)]);
        folder.Write(Corpus.TextName, Corpus.Text.Replace(Corpus.TextCode, "zqroomrevised", StringComparison.Ordinal));
        folder.Write("new.txt", "新增的文件，编号 zqnewfile 。");

        using var reopened = KnowledgeBase.Open(folder.Data);
        Assert.Single(await reopened.SearchAsync(Corpus.TextCode));
        var result = await reopened.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Empty(result.Report.Failed);
        Assert.Equal((1, 1), (result.Report.Added, result.Report.Updated));
        Assert.Empty(await reopened.SearchAsync(Corpus.TextCode));
        Assert.Single(await reopened.SearchAsync("zqroomrevised"));
        Assert.Single(await reopened.SearchAsync("zqnewfile"));
        Assert.Single(await reopened.SearchAsync(Corpus.MarkdownCode));
        Assert.Equal(Corpus.DocumentCount + 1, (await reopened.AllDocumentsAsync()).Count);
    }

    [Fact]
    public async Task IngestAsync_AfterCrashWritingTheFirstCommit_StartsTheIndexAfreshAndCompletes()
    {
        using var folder = new TestFolder();
        Corpus.WriteAll(folder);
        var index = Path.Combine(folder.Data, "indexes", "default");
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        }

        // The state of a first run killed while writing its first commit: segment files written, segments_1 cut
        // short and no earlier commit, and nothing in the catalog (it is written after the index commit).
        var (only, _) = NewestCommit(index);
        var bytes = File.ReadAllBytes(only);
        foreach (var commit in Directory.GetFiles(index, "segments*"))
        {
            File.Delete(commit);
        }

        File.WriteAllBytes(Path.Combine(index, SegmentsFileName(1)), bytes[..(bytes.Length / 2)]);
        foreach (var file in Directory.GetFiles(folder.Data, "hunyu.db*"))
        {
            File.Delete(file);
        }

        using var reopened = KnowledgeBase.Open(folder.Data);
        var search = await reopened.SearchAsync(new Core.Search.SearchRequest { Query = Corpus.MarkdownCode, Principal = Principal.LocalAdmin });
        Assert.Empty(search.Warnings);
        var result = await reopened.IngestAsync(new IngestionRequest { Path = folder.Source });
        Assert.Equal(Corpus.DocumentCount, result.Report.Added);
        Assert.Single(await reopened.SearchAsync(Corpus.MarkdownCode));
    }

    [Fact]
    public async Task IngestAsync_FileRemovedAfterACrashBetweenIndexAndCatalog_IsNotSearchableAfterTheNextRun()
    {
        using var folder = new TestFolder();
        folder.Write("a.txt", "第一个文件，编号 zqcrasha 。");
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        }

        // The second run commits c.txt to the index and is killed before the catalog records it.
        var catalogBefore = Snapshot(folder.Data, "hunyu.db*");
        folder.Write("c.txt", "第三个文件，编号 zqcrashc 。");
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            Assert.Equal(1, (await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source })).Report.Added);
        }

        Restore(catalogBefore);
        File.Delete(Path.Combine(folder.Source, "c.txt"));

        using var reopened = KnowledgeBase.Open(folder.Data);
        var result = await reopened.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(1, result.Report.Unchanged);
        Assert.Single(await reopened.AllDocumentsAsync());
        Assert.Empty(await reopened.SearchAsync("zqcrashc"));
    }

    private static Dictionary<string, byte[]> Snapshot(string data, string pattern = "*")
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Directory.GetFiles(data, pattern, SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllBytes, StringComparer.Ordinal);
    }

    private static void Restore(Dictionary<string, byte[]> snapshot)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var (path, bytes) in snapshot)
        {
            File.WriteAllBytes(path, bytes);
        }

        // Catalog files that did not exist then (a WAL) must not survive either.
        var data = Path.GetDirectoryName(snapshot.Keys.First(k => k.EndsWith("hunyu.db", StringComparison.Ordinal)))!;
        foreach (var file in Directory.GetFiles(data, "hunyu.db*").Where(f => !snapshot.ContainsKey(f)))
        {
            File.Delete(file);
        }
    }

    /// <summary>The newest segments_N file of the index and its generation (Lucene writes N in base 36).</summary>
    private static (string Path, long Generation) NewestCommit(string index) =>
        Directory.GetFiles(index, "segments_*")
            .Select(path => (path, Path.GetFileName(path)["segments_".Length..].Aggregate(0L, (value, c) => (value * 36) + (char.IsAsciiDigit(c) ? c - '0' : c - 'a' + 10))))
            .MaxBy(commit => commit.Item2);

    private static string SegmentsFileName(long generation)
    {
        var digits = string.Empty;
        for (; generation > 0; generation /= 36)
        {
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(generation % 36)] + digits;
        }

        return "segments_" + digits;
    }
}
