using Hunyu.Core.Errors;
using Hunyu.Search.Vectors;

namespace Hunyu.Search.Tests.Vectors;

public sealed class DomainVectorStoreTests : IDisposable
{
    private const string Model = "test-model@4";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hunyu-vectors-");
    private readonly List<DomainVectorStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _root.Delete(recursive: true);
    }

    private string Folder => Path.Combine(_root.FullName, "handbook", DomainVectorStore.FolderName);

    private string LogFile => Path.Combine(Folder, DomainVectorStore.FileName);

    [Fact]
    public async Task Search_AfterCommit_ReturnsNearestFirstWithCosineScores()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 }), new("a:1", new float[] { 0, 2, 0, 0 })]);
        store.Replace("b", [new("b:0", new float[] { 1, 1, 0, 0 })]);
        await store.CommitAsync();

        var hits = store.Search([3, 0, 0, 0], 2, VectorFilter.Everything);

        Assert.Equal(["a:0", "b:0"], hits.Select(h => h.ChunkId));
        Assert.Equal(1f, hits[0].Score, 5);
        Assert.Equal(MathF.Sqrt(0.5f), hits[1].Score, 5);
        Assert.Equal("b", hits[1].DocumentId);
        Assert.Equal((3, 2, 4), (store.Count, store.DocumentCount, store.Dimensions));
    }

    [Fact]
    public async Task Replace_BeforeCommit_IsNotSearchable()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);

        Assert.Empty(store.Search([1, 0, 0, 0], 5, VectorFilter.Everything));
        await store.CommitAsync();
        Assert.Single(store.Search([1, 0, 0, 0], 5, VectorFilter.Everything));
    }

    [Fact]
    public async Task Replace_ExistingDocument_OldChunksDisappear()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 }), new("a:1", new float[] { 0, 1, 0, 0 })]);
        await store.CommitAsync();

        store.Replace("a", [new("a:0", new float[] { 0, 0, 1, 0 })]);
        await store.CommitAsync();

        var hit = Assert.Single(store.Search([0, 0, 1, 0], 10, VectorFilter.Everything));
        Assert.Equal(("a:0", 1f), (hit.ChunkId, hit.Score));
    }

    [Fact]
    public async Task Delete_ThenCommit_RemovesTheDocumentsVectors()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        store.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
        await store.CommitAsync();

        store.Delete("a");
        store.Replace("b", []);
        await store.CommitAsync();

        Assert.Empty(store.Search([1, 0, 0, 0], 10, VectorFilter.Everything));
        Assert.Empty(store.DocumentIds());
    }

    [Fact]
    public async Task DiscardUncommitted_PendingChanges_AreDropped()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        await store.CommitAsync();
        store.Delete("a");
        store.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);

        store.DiscardUncommitted();
        await store.CommitAsync();

        Assert.Equal(["a"], store.DocumentIds());
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, VectorEncoding.Float32)]
    [InlineData(VectorEncoding.Float32, VectorEncoding.Int8)]
    [InlineData(VectorEncoding.Int8, VectorEncoding.Float32)]
    public async Task Open_AfterCommits_RestoresTheSameVectorsInEitherEncoding(VectorEncoding written, VectorEncoding reopened)
    {
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 50).Select(_ => RandomVectors.Unit(random, 4)).ToList();
        using (var store = new DomainVectorStore("handbook", Folder, Model, new VectorStoreOptions { Encoding = written }))
        {
            await RandomVectors.StoreAsync(store, vectors);
            store.Delete("d4");
            await store.CommitAsync();
        }

        var again = Open(new VectorStoreOptions { Encoding = reopened });

        Assert.Equal((40, 4), (again.Count, again.DocumentCount));
        var hit = again.Search(vectors[12], 1, VectorFilter.Everything)[0];
        Assert.Equal("d1:2", hit.ChunkId);
        Assert.Equal(1f, hit.Score, 2);
    }

    [Fact]
    public async Task Open_LastBatchTornByCrash_OpensThePreviousCommitAndNextWriteCutsItOff()
    {
        using (var store = new DomainVectorStore("handbook", Folder, Model))
        {
            store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
            await store.CommitAsync();
            store.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
            await store.CommitAsync();
        }

        // A crash while writing the second batch: only part of it reached the disk.
        using (var file = new FileStream(LogFile, FileMode.Open))
        {
            file.SetLength(file.Length - 7);
        }

        var reopened = Open();
        Assert.Equal(["a"], reopened.DocumentIds());

        reopened.Replace("c", [new("c:0", new float[] { 0, 0, 1, 0 })]);
        await reopened.CommitAsync();
        reopened.Dispose();
        Assert.Equal(["a", "c"], Open().DocumentIds().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Open_CrashBeforeBatchWasSealed_IgnoresTheUnsealedBatch()
    {
        using (var store = new DomainVectorStore("handbook", Folder, Model))
        {
            store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
            await store.CommitAsync();
        }

        // A batch frame whose length was never filled in, followed by payload bytes.
        var frame = new byte[20];
        BitConverter.TryWriteBytes(frame, 0x48544342u);
        await File.AppendAllBytesAsync(LogFile, [.. frame, .. new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }]);

        Assert.Equal(["a"], Open().DocumentIds());
    }

    [Fact]
    public async Task Open_DamagedBatchBeforeTheLast_ThrowsStoreUnavailableNamingTheFile()
    {
        using (var store = new DomainVectorStore("handbook", Folder, Model))
        {
            store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
            await store.CommitAsync();
            store.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
            await store.CommitAsync();
        }

        var bytes = await File.ReadAllBytesAsync(LogFile);
        var firstFloat = bytes.AsSpan().IndexOf(BitConverter.GetBytes(1f));
        bytes[firstFloat + 1] ^= 0x40;
        await File.WriteAllBytesAsync(LogFile, bytes);

        var error = Assert.Throws<HunyuException>(Open);

        Assert.Equal(ErrorCode.StoreUnavailable, error.Error);
        Assert.Contains(LogFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_VectorsOfAnotherModel_ThrowsStoreUnavailable()
    {
        using (var store = new DomainVectorStore("handbook", Folder, Model))
        {
            store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
            await store.CommitAsync();
        }

        var error = Assert.Throws<HunyuException>(() => new DomainVectorStore("handbook", Folder, "other-model"));

        Assert.Equal(ErrorCode.StoreUnavailable, error.Error);
        Assert.Contains($"holds vectors of model '{Model}', not of the configured 'other-model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_InvalidVectorsOrIds_ThrowInvalidArgumentAndAcceptNothing()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        await store.CommitAsync();

        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => store.Replace("b", [new("b:0", new float[] { 1, 0, 0 })])).Error);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => store.Replace("b", [new("b:0", new float[4])])).Error);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => store.Replace("b", [new("b:0", new[] { float.NaN, 0, 0, 0 })])).Error);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => store.Replace("b", [new("a:1", new float[] { 1, 0, 0, 0 })])).Error);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => store.Replace("b", [new("b:0", new float[] { 1, 0, 0, 0 }), new("b:0", new float[] { 0, 1, 0, 0 })])).Error);
        await store.CommitAsync();

        Assert.Equal(["a"], store.DocumentIds());
    }

    [Fact]
    public async Task Search_QueryOfOtherDimensions_ThrowsInvalidArgument()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        await store.CommitAsync();

        var error = Assert.Throws<HunyuException>(() => store.Search([1, 0, 0], 1, VectorFilter.Everything));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("3 dimensions; the store holds 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_OnlyDeletesOnANewStore_CreatesNoFile()
    {
        var store = Open();
        store.Delete("a");

        await store.CommitAsync();

        Assert.Equal(0, store.Count);
        Assert.False(File.Exists(LogFile));
    }

    [Fact]
    public async Task CommitAsync_FileDeletedToReembed_StartsAFreshFile()
    {
        var store = Open();
        store.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        await store.CommitAsync();
        File.Delete(LogFile);

        store.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
        await store.CommitAsync();
        store.Dispose();

        Assert.Equal(["b"], Open().DocumentIds());
    }

    [Fact]
    public void Search_EmptyStore_ReturnsNothing() =>
        Assert.Empty(Open().Search([1, 0, 0, 0], 10, VectorFilter.Everything));

    [Theory]
    [InlineData(VectorEncoding.Float32)]
    [InlineData(VectorEncoding.Int8)]
    public async Task Search_FilterAllowsOnlyFarDocuments_ReturnsTopKOfThePermittedNotFewer(VectorEncoding encoding)
    {
        var store = Open(new VectorStoreOptions { Encoding = encoding });
        var random = new Random(11);
        var query = RandomVectors.Unit(random, 4);
        // 20 forbidden documents right next to the query, and 5 permitted ones far away.
        for (var i = 0; i < 20; i++)
        {
            store.Replace($"near{i}", [new($"near{i}:0", query.Select(x => x + (0.01f * (float)random.NextDouble())).ToArray())]);
        }

        for (var i = 0; i < 5; i++)
        {
            store.Replace($"far{i}", [new($"far{i}:0", query.Select(x => -x + (0.3f * (float)random.NextDouble())).ToArray()), new($"far{i}:1", RandomVectors.Unit(random, 4))]);
        }

        await store.CommitAsync();
        var permitted = Enumerable.Range(0, 5).Select(i => $"far{i}").ToHashSet();

        var byDocument = store.Search(query, 8, VectorFilter.DocumentIds(permitted));
        var byChunk = store.Search(query, 8, VectorFilter.ChunkIds(permitted.Select(d => d + ":0").ToHashSet()));
        var byPredicate = store.Search(query, 8, VectorFilter.Where((_, document) => permitted.Contains(document)));

        Assert.Equal(8, byDocument.Count);
        Assert.All(byDocument, hit => Assert.StartsWith("far", hit.DocumentId, StringComparison.Ordinal));
        Assert.Equal(5, byChunk.Count);
        Assert.All(byChunk, hit => Assert.EndsWith(":0", hit.ChunkId, StringComparison.Ordinal));
        Assert.Equal(byDocument.Select(h => h.ChunkId), byPredicate.Select(h => h.ChunkId));
        Assert.Empty(store.Search(query, 8, VectorFilter.DocumentIds(new HashSet<string> { "unknown" })));
    }

    [Fact]
    public async Task Search_Int8OnOddWidth_ScoresCloseToFloat32()
    {
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 200).Select(_ => RandomVectors.Unit(random, 383)).ToList();
        var exact = Open();
        using var quantised = new DomainVectorStore("other", Path.Combine(_root.FullName, "other", DomainVectorStore.FolderName), Model, new VectorStoreOptions { Encoding = VectorEncoding.Int8 });
        await RandomVectors.StoreAsync(exact, vectors);
        await RandomVectors.StoreAsync(quantised, vectors);

        var query = RandomVectors.Unit(random, 383);
        var a = exact.Search(query, 200, VectorFilter.Everything).ToDictionary(h => h.ChunkId, h => h.Score);
        var b = quantised.Search(query, 200, VectorFilter.Everything).ToDictionary(h => h.ChunkId, h => h.Score);

        Assert.All(a, pair => Assert.Equal(pair.Value, b[pair.Key], 0.01f));
        Assert.Equal(1f, quantised.Search(vectors[5], 1, VectorFilter.Everything)[0].Score, 0.005f);
    }

    [Fact]
    public async Task Search_Int8OnRandomVectors_RecallAt10AtLeast90Percent()
    {
        const int Seed = 20251125;
        var random = new Random(Seed);
        var corpus = Enumerable.Range(0, 5_000).Select(_ => RandomVectors.Unit(random, 128)).ToList();
        var queries = Enumerable.Range(0, 50).Select(_ => RandomVectors.Unit(random, 128)).ToList();
        var store = Open(new VectorStoreOptions { Encoding = VectorEncoding.Int8 });
        await RandomVectors.StoreAsync(store, corpus);

        var recall = RandomVectors.RecallAtK(corpus, queries, q => store.Search(q, 10, VectorFilter.Everything), 10);

        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}: int8 recall@10 = {recall:P1}");
        Assert.True(recall >= 0.9, $"seed {Seed}: recall@10 {recall:P1}");
    }

    [Fact]
    public async Task Search_Float32_IsExactAgainstBruteForce()
    {
        var random = new Random(5);
        var corpus = Enumerable.Range(0, 2_000).Select(_ => RandomVectors.Unit(random, 64)).ToList();
        var store = Open();
        await RandomVectors.StoreAsync(store, corpus);

        var recall = RandomVectors.RecallAtK(corpus, [.. Enumerable.Range(0, 20).Select(_ => RandomVectors.Unit(random, 64))], q => store.Search(q, 10, VectorFilter.Everything), 10);

        Assert.Equal(1.0, recall);
    }

    [Fact]
    public async Task CommitAsync_FileMostlyReplacedVectors_CompactsAndKeepsTheLiveOnes()
    {
        var store = Open(new VectorStoreOptions { CompactionMinBytes = 0 });
        var random = new Random(9);
        for (var round = 0; round < 6; round++)
        {
            for (var d = 0; d < 10; d++)
            {
                store.Replace($"doc{d}", [new($"doc{d}:0", RandomVectors.Unit(random, 4))]);
            }

            await store.CommitAsync();
        }

        var last = RandomVectors.Unit(random, 4);
        store.Replace("doc3", [new("doc3:0", last)]);
        await store.CommitAsync();
        var singleRound = store.FileBytes;
        store.Dispose();

        var reopened = Open();
        Assert.Equal(10, reopened.Count);
        Assert.Equal("doc3:0", reopened.Search(last, 1, VectorFilter.Everything)[0].ChunkId);
        Assert.True(singleRound < 2 * 10 * 80, $"file is {singleRound} bytes after compaction");
        Assert.False(File.Exists(LogFile + ".tmp"));
    }

    [Fact]
    public async Task Replace_WhileAnotherInstanceWrites_ThrowsStoreUnavailable()
    {
        var writer = Open();
        writer.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        var other = Open();

        var error = Assert.Throws<HunyuException>(() => other.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]));

        Assert.Equal(ErrorCode.StoreUnavailable, error.Error);
        Assert.Contains("being written by another Hunyu process", error.Message, StringComparison.Ordinal);
        await writer.CommitAsync();
        writer.DiscardUncommitted();
        other.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
    }

    [Fact]
    public async Task Refresh_AnotherInstanceCommittedAndCompacted_ReaderSeesItsVectors()
    {
        var writer = Open(new VectorStoreOptions { CompactionMinBytes = 0 });
        writer.Replace("a", [new("a:0", new float[] { 1, 0, 0, 0 })]);
        await writer.CommitAsync();
        var reader = Open();
        Assert.Equal(1, reader.Count);

        writer.Replace("b", [new("b:0", new float[] { 0, 1, 0, 0 })]);
        await writer.CommitAsync();
        reader.Refresh();
        Assert.Equal(2, reader.Count);

        writer.Delete("a");
        await writer.CompactAsync();
        reader.Refresh();
        Assert.Equal(["b:0"], reader.Search([1, 1, 0, 0], 5, VectorFilter.Everything).Select(h => h.ChunkId));
    }

    private DomainVectorStore Open() => Open(null);

    private DomainVectorStore Open(VectorStoreOptions? options)
    {
        var store = new DomainVectorStore("handbook", Folder, Model, options);
        _stores.Add(store);
        return store;
    }
}
