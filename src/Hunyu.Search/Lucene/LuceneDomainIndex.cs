using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Document = Hunyu.Core.Knowledge.Document;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Hunyu.Search.Lucene;

/// <summary>
/// The Lucene index of one domain: one <see cref="IndexWriter"/>, opened on the first write, and one
/// <see cref="SearcherManager"/> over the committed index. Commits are Lucene's two-phase commits, so a
/// crash leaves the last committed state readable; searching never takes the write lock, so a CLI
/// search works while another process ingests.
/// </summary>
/// <remarks>Thread-safe: writes go through the writer's own locking; searches acquire a searcher per call.</remarks>
public sealed class LuceneDomainIndex : IChunkIndex, IDisposable
{
    /// <summary>How often a search checks whether another process committed (a file-system check).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The ranking function of every domain index.</summary>
    public static readonly Similarity Ranking = new BM25Similarity(SearchTuning.K1, SearchTuning.B);
    private readonly string _path;
    private readonly FSDirectory _directory;
    private readonly SearcherManager _searchers;
    private readonly System.Threading.Lock _writerGate = new();
    private IndexWriter? _writer;
    private long _lastRefreshTicks;

    static LuceneDomainIndex() => BooleanQuery.MaxClauseCount = 8192;

    /// <summary>Opens (or creates) the index in <paramref name="path"/>.</summary>
    /// <exception cref="HunyuException">The index is new and another process holds its lock, or it cannot be read (<c>store_unavailable</c>).</exception>
    public LuceneDomainIndex(string domain, string path)
    {
        Domain = domain;
        _path = path;
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(path);
        try
        {
            DiscardTornOnlyCommit();
            if (!DirectoryReader.IndexExists(_directory))
            {
                // An empty first commit: a crash while writing the first real commit then falls back to it,
                // instead of leaving a torn segments file and no index at all.
                Writer().Commit();
            }

            _searchers = new SearcherManager(_directory, new RankingSearcherFactory());
        }
        catch (Exception e) when (e is IOException or CorruptIndexException)
        {
            _writer?.Dispose();
            _directory.Dispose();
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: index cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The domain this index holds.</summary>
    public string Domain { get; }

    /// <inheritdoc />
    public void Replace(Document document, IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        Writer().UpdateDocuments(new Term(IndexFields.DocumentId, document.Id), chunks.Select(chunk => ToLucene(document, chunk)));
    }

    /// <inheritdoc />
    public void Delete(string documentId) => Writer().DeleteDocuments(new Term(IndexFields.DocumentId, documentId));

    /// <inheritdoc />
    public void SetAccess(string documentId, Acl effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        try
        {
            Writer().UpdateBinaryDocValue(new Term(IndexFields.DocumentId, documentId), IndexFields.Access, new BytesRef(AclValue.Encode(effective)));
        }
        catch (ArgumentException)
        {
            // Lucene updates only doc-value fields the index already has; without it no chunk carries an ACL to change
            // (an empty index, or one written before ACLs were doc values, whose chunks only administrators see).
        }
    }

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        _writer?.Commit();
        _searchers.MaybeRefreshBlocking();
        return Task.CompletedTask;
    }

    /// <summary>Deletes every chunk and commits (before the index is deleted, so a crash midway leaves it empty, not stale).</summary>
    /// <exception cref="HunyuException">Another process is writing the index (<c>store_unavailable</c>); nothing changed.</exception>
    public Task ClearAsync(CancellationToken cancellationToken = default)
    {
        Writer().DeleteAll();
        return CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void DiscardUncommitted()
    {
        lock (_writerGate)
        {
            // Rollback drops every change since the last commit and closes the writer; the next write reopens it.
            _writer?.Rollback();
            _writer = null;
        }
    }

    /// <inheritdoc />
    public IReadOnlySet<string> DocumentIdsOf(string sourceId)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal) { IndexFields.DocumentId };
        return Search(new TermQuery(new Term(IndexFields.Source, sourceId)), null, int.MaxValue, (searcher, top) =>
            top.ScoreDocs.Select(hit => searcher.Doc(hit.Doc, fields).Get(IndexFields.DocumentId, CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal));
    }

    /// <inheritdoc />
    /// <remarks>
    /// PERF: on the 12,623-article statutes index, 13 segments answered ~90 queries/s and one segment
    /// ~1,800 (same machine, same run), so an index up to <see cref="FullMergeMaxBytes"/> is merged to one
    /// segment after each ingest; a larger one to a few, leaving the rest to the merge policy.
    /// </remarks>
    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        var size = _directory.ListAll().Sum(file => _directory.FileLength(file));
        Writer().ForceMerge(size <= FullMergeMaxBytes ? 1 : 4);
        return CommitAsync(cancellationToken);
    }

    /// <summary>Largest index merged down to a single segment after an ingest (1 GB).</summary>
    public const long FullMergeMaxBytes = 1L << 30;

    /// <summary>Runs <paramref name="query"/> restricted by <paramref name="filter"/> and hands the searcher and top hits to <paramref name="read"/>.</summary>
    public T Search<T>(Query query, Filter? filter, int limit, Func<IndexSearcher, TopDocs, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        RefreshIfDue();
        var searcher = _searchers.Acquire();
        try
        {
            return read(searcher, searcher.Search(query, filter, limit));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>Borrows the current searcher (picking up other processes' commits first); dispose the lease to return it.</summary>
    public SearcherLease Acquire()
    {
        RefreshIfDue();
        return new SearcherLease(_searchers, _searchers.Acquire());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _searchers.Dispose();
        // Uncommitted changes are rolled back rather than half-written: the caller commits explicitly.
        DiscardUncommitted();
        _directory.Dispose();
    }

    private IndexWriter Writer()
    {
        lock (_writerGate)
        {
            return _writer ??= OpenWriter();
        }
    }

    /// <summary>
    /// Deletes the index's one and only commit when it cannot be read: an index that crashed while writing
    /// its first commit (before the empty first commit existed). No readable commit references any of its
    /// segment files, so starting afresh loses nothing; with two or more commits Lucene falls back itself.
    /// </summary>
    private void DiscardTornOnlyCommit()
    {
        var commits = _directory.ListAll().Where(file => file.StartsWith(IndexFileNames.SEGMENTS + "_", StringComparison.Ordinal)).ToList();
        if (commits.Count != 1)
        {
            return;
        }

        try
        {
            using var reader = DirectoryReader.Open(_directory);
        }
        catch (Exception e) when (e is IOException or CorruptIndexException)
        {
            _directory.DeleteFile(commits[0]);
        }
    }

    private IndexWriter OpenWriter()
    {
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, ChunkAnalyzers.Index)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = Ranking,
            RAMBufferSizeMB = 64,
            // PERF: few segments. A query pays per term per segment (term lookup, scorer set-up);
            // see CompactAsync for the figures.
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 4, MaxMergeAtOnce = 4, FloorSegmentMB = 16 },
        };
        try
        {
            return new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_path}: index is being written by another Hunyu process (a running 'hunyu serve' or ingest); try again when it finishes", e);
        }
    }

    /// <summary>Picks up commits made by another process, at most once per <see cref="RefreshInterval"/>.</summary>
    private void RefreshIfDue()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastRefreshTicks);
        if (now - last >= RefreshInterval.TotalMilliseconds && Interlocked.CompareExchange(ref _lastRefreshTicks, now, last) == last)
        {
            _searchers.MaybeRefresh();
        }
    }

    private static LuceneDocument ToLucene(Document document, Chunk chunk)
    {
        var context = SearchableText.Of(document, chunk);
        var fields = new LuceneDocument
        {
            new StringField(IndexFields.ChunkId, chunk.CitationId, Field.Store.YES),
            new StringField(IndexFields.DocumentId, document.Id, Field.Store.YES),
            new StringField(IndexFields.DocumentKey, document.Key, Field.Store.YES),
            new StringField(IndexFields.Domain, document.Domain, Field.Store.YES),
            new StringField(IndexFields.Source, document.SourceId, Field.Store.YES),
            new StoredField(IndexFields.Title, document.Title),
            new StoredField(IndexFields.Uri, document.Uri),
            new StoredField(IndexFields.Section, chunk.SectionPath),
            new StoredField(IndexFields.Text, chunk.Text),
            new StoredField(IndexFields.Start, chunk.StartOffset),
            new StoredField(IndexFields.End, chunk.EndOffset),
            new TextField(IndexFields.TitleWords, document.Title, Field.Store.NO),
            new TextField(IndexFields.Words, context, Field.Store.NO),
            new TextField(IndexFields.Bigrams, context, Field.Store.NO),
        };
        if (chunk.Page is { } page)
        {
            fields.Add(new StoredField(IndexFields.Page, page));
        }

        fields.Add(new BinaryDocValuesField(IndexFields.Access, new BytesRef(AclValue.Encode(document.Acl))));

        if (document.Metadata.Count > 0)
        {
            fields.Add(new StoredField(IndexFields.MetadataJson, JsonSerializer.Serialize(document.Metadata)));
        }

        foreach (var (key, value) in document.Metadata)
        {
            fields.Add(new StringField(IndexFields.MetadataPrefix + key.ToLowerInvariant(), value.ToLower(CultureInfo.InvariantCulture), Field.Store.NO));
        }

        return fields;
    }

    /// <summary>A borrowed searcher; disposing returns it.</summary>
    public sealed class SearcherLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
    {
        /// <summary>The borrowed searcher.</summary>
        public IndexSearcher Searcher { get; } = searcher;

        /// <inheritdoc />
        public void Dispose() => manager.Release(Searcher);
    }

    private sealed class RankingSearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Ranking };
    }
}
