using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// An ingest cancelled part-way in a long-lived process (the server keeps one knowledge base open) must leave the
/// index and the catalog agreeing: nothing searchable that the catalog does not list, now or after the next run.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task IngestAsync_CancelledBeforeItStarts_ThrowsAndWritesNothing()
    {
        using var folder = new TestFolder();
        WriteThreeFiles(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => knowledge.IngestAsync(new IngestionRequest { Path = folder.Source }, null, new CancellationToken(canceled: true)));

        Assert.Empty(await knowledge.AllDocumentsAsync());
        Assert.Empty(await knowledge.SearchAsync("zqcancela zqcancelb zqcancelc"));
    }

    [Fact]
    public async Task IngestAsync_RerunAfterACancelledRun_CompletesWithOneCopyOfEachFile()
    {
        using var folder = new TestFolder();
        WriteThreeFiles(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await CancelAfterAsync(knowledge, folder, filesDone: 1);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Empty(result.Report.Failed);
        Assert.Equal(3, result.Documents);
        Assert.Equal(3, (await knowledge.AllDocumentsAsync()).Count);
        foreach (var code in new[] { "zqcancela", "zqcancelb", "zqcancelc" })
        {
            Assert.Single(await knowledge.SearchAsync(code));
        }
    }

    [Fact]
    public async Task IngestAsync_CancelledDuringTheLastFile_LeavesNothingSearchableThatTheCatalogDoesNotList()
    {
        using var folder = new TestFolder();
        WriteThreeFiles(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        await CancelAfterAsync(knowledge, folder, filesDone: 2);

        var listed = (await knowledge.AllDocumentsAsync()).Select(d => d.Id).ToHashSet();
        var hits = await knowledge.SearchAsync("zqcancela zqcancelb zqcancelc");
        Assert.All(hits, h => Assert.Contains(h.DocumentId, listed));
    }

    [Fact]
    public async Task IngestAsync_FileRemovedAfterACancelledRun_IsNotSearchableAfterTheNextRun()
    {
        using var folder = new TestFolder();
        WriteThreeFiles(folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await CancelAfterAsync(knowledge, folder, filesDone: 1);
        File.Delete(Path.Combine(folder.Source, "b.txt"));

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(2, result.Report.Added);
        Assert.Equal(2, (await knowledge.AllDocumentsAsync()).Count);
        var ghosts = await knowledge.SearchAsync("zqcancelb");
        Assert.True(ghosts.Count == 0, $"b.txt was removed but is still found; the catalog lists it: {ghosts.Count > 0 && await knowledge.GetDocumentAsync(ghosts[0].DocumentId, Principal.LocalAdmin) is not null}");
    }

    private static async Task CancelAfterAsync(KnowledgeBase knowledge, TestFolder folder, int filesDone)
    {
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => knowledge.IngestAsync(
            new IngestionRequest { Path = folder.Source },
            new CancelAt(filesDone, cancellation),
            cancellation.Token));
    }

    private static void WriteThreeFiles(TestFolder folder)
    {
        folder.Write("a.txt", "第一个文件，编号 zqcancela 。");
        folder.Write("b.txt", "第二个文件，编号 zqcancelb 。");
        folder.Write("c.txt", "第三个文件，编号 zqcancelc 。");
    }

    /// <summary>Cancels the run when it reports <paramref name="filesDone"/> files done: synchronously, just before the next file is read.</summary>
    private sealed class CancelAt(int filesDone, CancellationTokenSource cancellation) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            if (value.FilesDone == filesDone)
            {
                cancellation.Cancel();
            }
        }
    }
}
