using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Tests.Governance;

/// <summary>A domain's dedup state on disk: written around each index commit, read back by the next process, and never ahead of the index.</summary>
public sealed class DedupStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hunyu-dedup-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Open_AfterACommit_FindsTheKeptDocumentsAndChunksAndTheirRecordedDuplicates()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks);
        Keep(pipeline, "a", Docs.Statutes[3]);
        Assert.False(pipeline.Process("b", Docs.Of(Docs.Statutes[3])).Kept);
        Commit(store);

        var reopened = DedupStore.Open(_folder, new DedupOptions());

        Assert.Null(reopened.TakeWarning());
        Assert.True(reopened.ContainsDocument("a"));
        Assert.Equal((1, 1), (reopened.DocumentCount, reopened.ChunkCount));
        var again = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), reopened.Documents, reopened.Chunks);
        Assert.Equal("a", again.Process("c", Docs.Of(Docs.Statutes[3])).Duplicate?.DuplicateOf);
    }

    [Fact]
    public void Open_StateLargerThanTheReadBuffer_ReadsEveryItemAndItsSignature()
    {
        const int documents = 1_000;
        var store = DedupStore.Open(_folder, new DedupOptions { Chunks = false });
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest() with { Dedup = new DedupOptions { Chunks = false } }, store.Documents);
        for (var i = 0; i < documents; i++)
        {
            Keep(pipeline, $"d{i}", $"第{i}号文件：" + string.Join(string.Empty, Docs.Statutes.Select((text, j) => j % 7 == i % 7 ? text : string.Empty)) + $"编号{i * 7919}。");
        }

        Commit(store);

        var reopened = DedupStore.Open(_folder, new DedupOptions { Chunks = false });

        Assert.True(new FileInfo(Path.Combine(_folder, DedupStore.SnapshotFileName)).Length + Directory.EnumerateFiles(_folder, "journal-*").Sum(f => new FileInfo(f).Length) > 1 << 16);
        Assert.Null(reopened.TakeWarning());
        Assert.Equal(documents, reopened.DocumentCount);
        var again = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest() with { Dedup = new DedupOptions { Chunks = false } }, reopened.Documents);
        var copy = again.Process("copy", Docs.Of($"第{999}号文件：" + string.Join(string.Empty, Docs.Statutes.Select((text, j) => j % 7 == 999 % 7 ? text : string.Empty)) + $"编号{999 * 7919}。"));
        Assert.Equal("d999", copy.Duplicate?.DuplicateOf);
    }

    [Fact]
    public void Open_AfterACrashBetweenPrepareAndCommit_HoldsNothingTheIndexMayLack()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks);
        Keep(pipeline, "a", Docs.Statutes[3]);
        Commit(store);

        // The next batch replaces "a" and adds "b"; the process dies after the removals were written.
        store.RemoveDocument("a");
        Keep(pipeline, "b", Docs.Statutes[7]);
        store.PrepareCommit();

        var reopened = DedupStore.Open(_folder, new DedupOptions());

        Assert.False(reopened.ContainsDocument("a"));
        Assert.False(reopened.ContainsDocument("b"));
        Assert.Equal(0, reopened.ChunkCount);
    }

    [Fact]
    public void Discard_AfterAFailedBatch_ReturnsToTheWrittenState()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks);
        Keep(pipeline, "a", Docs.Statutes[3]);
        Commit(store);
        Keep(pipeline, "b", Docs.Statutes[7]);
        store.RemoveDocument("a");

        store.Discard();

        Assert.True(store.ContainsDocument("a"));
        Assert.False(store.ContainsDocument("b"));
        Assert.Equal(1, store.ChunkCount);
        Assert.False(store.HasPendingChanges);
    }

    [Fact]
    public void RemoveDocument_ForgetsTheDocumentAndItsChunks_AcrossARestart()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks);
        Keep(pipeline, "a", Docs.Statutes[3]);
        Keep(pipeline, "b", Docs.Statutes[7]);
        Commit(store);

        store.RemoveDocument("a");
        Commit(store);
        var reopened = DedupStore.Open(_folder, new DedupOptions());

        Assert.Equal((1, 1), (reopened.DocumentCount, reopened.ChunkCount));
        var again = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), reopened.Documents, reopened.Chunks);
        Assert.True(again.Process("copy-of-a", Docs.Of(Docs.Statutes[3])).Kept);
    }

    [Fact]
    public void Open_TornLastJournalLine_IsCutOffAndTheRestRead()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks);
        Keep(pipeline, "a", Docs.Statutes[3]);
        Commit(store);
        var journal = Directory.GetFiles(_folder, "journal-*.jsonl").Single();
        File.AppendAllText(journal, "{\"op\":\"put\",\"i\":\"d\",\"id\":\"half");

        var reopened = DedupStore.Open(_folder, new DedupOptions());
        Keep(GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), reopened.Documents, reopened.Chunks), "b", Docs.Statutes[7]);
        Commit(reopened);
        var third = DedupStore.Open(_folder, new DedupOptions());

        Assert.Null(reopened.TakeWarning());
        Assert.Null(third.TakeWarning());
        Assert.True(third.ContainsDocument("a"));
        Assert.True(third.ContainsDocument("b"));
    }

    [Theory]
    [InlineData("{not json\n")]
    [InlineData("")]
    public void Open_UnreadableSnapshot_StartsEmptyWithAWarningAndWritesAFreshOne(string snapshot)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, DedupStore.SnapshotFileName), snapshot);

        var store = DedupStore.Open(_folder, new DedupOptions());
        Assert.Contains("dedup state unreadable", store.TakeWarning(), StringComparison.Ordinal);
        Assert.Null(store.TakeWarning());
        Keep(GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks), "a", Docs.Statutes[3]);
        Commit(store);

        var reopened = DedupStore.Open(_folder, new DedupOptions());
        Assert.Null(reopened.TakeWarning());
        Assert.True(reopened.ContainsDocument("a"));
    }

    [Fact]
    public void Open_WithAnotherMinHashScheme_StartsEmptyWithAWarning()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        Keep(GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), store.Documents, store.Chunks), "a", Docs.Statutes[3]);
        Commit(store);

        var other = DedupStore.Open(_folder, new DedupOptions { ShingleChars = 4 });

        Assert.Contains("ShingleChars = 4", other.TakeWarning(), StringComparison.Ordinal);
        Assert.Equal(0, other.DocumentCount);
    }

    [Fact]
    public void Commit_ManyChanges_FoldsTheJournalIntoANewSnapshotThatReadsTheSame()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest() with { Dedup = new DedupOptions { Chunks = false, Near = false } }, store.Documents, store.Chunks);
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < DedupStore.MinJournalLinesToCompact / 2; i++)
            {
                store.RemoveDocument($"doc{i}");
                pipeline.Process($"doc{i}", Docs.Titled($"第{i}条 {round}", Docs.Statutes[i % Docs.Statutes.Length]));
            }

            Commit(store);
        }

        var journal = Directory.GetFiles(_folder, "journal-*.jsonl");
        var reopened = DedupStore.Open(_folder, new DedupOptions());

        Assert.True(journal.Length <= 1);
        Assert.True(journal.Sum(file => File.ReadAllLines(file).Length) < DedupStore.MinJournalLinesToCompact, "the journal was never folded");
        Assert.Equal(store.DocumentCount, reopened.DocumentCount);
        Assert.Equal(DedupStore.MinJournalLinesToCompact / 2, reopened.DocumentCount);
    }

    [Fact]
    public void Commit_WithoutPrepareCommit_Throws()
    {
        var store = DedupStore.Open(_folder, new DedupOptions());

        Assert.Throws<InvalidOperationException>(store.Commit);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static void Keep(GovernancePipeline pipeline, string id, string text)
    {
        var outcome = pipeline.Process(id, Docs.Of(text));
        Assert.True(outcome.Kept, $"{id}: {outcome.Duplicate}{outcome.Dropped}");
        pipeline.ProcessChunks([new Chunk(id, 0, text, string.Empty, null, 0, text.Length)]);
    }

    private static void Commit(DedupStore store)
    {
        store.PrepareCommit();
        store.Commit();
    }
}
