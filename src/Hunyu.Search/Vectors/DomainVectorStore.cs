using System.Globalization;
using System.Numerics.Tensors;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;

namespace Hunyu.Search.Vectors;

/// <summary>
/// The chunk vectors of one domain, embedded in the process: exact top-k by cosine similarity over one contiguous
/// array (SIMD dot products), float32 or int8 in memory, persisted as an append-only log with checksums in
/// <c>&lt;data&gt;/indexes/&lt;domain&gt;/vectors/vectors.hvl</c>.
/// </summary>
/// <remarks>
/// <para>Like the Lucene index, changes are keyed by document id (<see cref="Replace"/>, <see cref="Delete"/>) and
/// become durable and searchable together at <see cref="CommitAsync"/>; a crash before or during a commit leaves the
/// previous commit readable. One process writes (a <c>write.lock</c> file, taken on the first change); others read
/// and pick up its commits within <see cref="RefreshInterval"/>.</para>
/// <para>Thread-safe: searches share a read lock; a commit holds the write lock only while it updates memory.</para>
/// </remarks>
public sealed class DomainVectorStore : IDisposable
{
    /// <summary>The folder of the store inside a domain's index folder.</summary>
    public const string FolderName = "vectors";

    /// <summary>The log file inside <see cref="FolderName"/>.</summary>
    public const string FileName = "vectors.hvl";

    /// <summary>Longest accepted embedding model name.</summary>
    public const int MaxModelLength = 256;

    /// <summary>How often a search checks whether another process committed.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private const string LockName = "write.lock";
    private const string TempSuffix = ".tmp";
    private readonly string _file;
    private readonly VectorStoreOptions _options;
    private readonly ReaderWriterLockSlim _gate = new();
    private readonly System.Threading.Lock _writeGate = new();
    private readonly List<PendingOperation> _pending = [];
    private VectorArena? _arena;
    private Guid _generation;
    private long _consumed;
    private FileStream? _writeLock;
    private long _lastRefreshTicks;
    private bool _disposed;

    /// <summary>Opens (or prepares to create) the store of <paramref name="domain"/> in the folder <paramref name="path"/>.</summary>
    /// <param name="domain">The domain's name.</param>
    /// <param name="path">The store's folder, usually <c>Path.Combine(domainIndexFolder, FolderName)</c>.</param>
    /// <param name="model">Names the embedding model (and its dimensions, if configurable); vectors of another model are refused.</param>
    /// <param name="options">Encoding and compaction; null takes the defaults.</param>
    /// <exception cref="HunyuException">
    /// The file cannot be read, is damaged before its last batch, or holds another model's vectors (<c>store_unavailable</c>);
    /// an argument is invalid (<c>invalid_argument</c>).
    /// </exception>
    public DomainVectorStore(string domain, string path, string model, VectorStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _options = options ?? new VectorStoreOptions();
        if (model.Length > MaxModelLength)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"embedding model name is {model.Length} characters; limit is {MaxModelLength}");
        }

        if (_options.CompactionMinBytes < 0 || !Enum.IsDefined(_options.Encoding))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{VectorStoreOptions.Section}: {nameof(VectorStoreOptions.CompactionMinBytes)} must be 0 or more and {nameof(VectorStoreOptions.Encoding)} one of {string.Join(", ", Enum.GetNames<VectorEncoding>())}");
        }

        Domain = domain;
        Path = System.IO.Path.GetFullPath(path);
        Model = model;
        _file = System.IO.Path.Combine(Path, FileName);
        Directory.CreateDirectory(Path);
        lock (_writeGate)
        {
            Reload();
        }

        _lastRefreshTicks = Environment.TickCount64;
    }

    /// <summary>The domain this store holds.</summary>
    public string Domain { get; }

    /// <summary>The store's folder.</summary>
    public string Path { get; }

    /// <summary>The embedding model the vectors come from.</summary>
    public string Model { get; }

    /// <summary>How vectors are kept in memory.</summary>
    public VectorEncoding Encoding => _options.Encoding;

    /// <summary>Length of the stored vectors; 0 until the first commit.</summary>
    public int Dimensions => _arena?.Dimensions ?? 0;

    /// <summary>Committed vectors (one per chunk).</summary>
    public int Count => Read(arena => arena?.Count ?? 0);

    /// <summary>Committed documents.</summary>
    public int DocumentCount => Read(arena => arena?.DocumentCount ?? 0);

    /// <summary>Size of the file in bytes (0 before the first commit).</summary>
    public long FileBytes => File.Exists(_file) ? new FileInfo(_file).Length : 0;

    /// <summary>Ids of the committed documents, to reconcile with the catalog after a crash.</summary>
    public IReadOnlySet<string> DocumentIds() =>
        Read(arena => arena is null ? new HashSet<string>(StringComparer.Ordinal) : arena.Documents.Keys.ToHashSet(StringComparer.Ordinal));

    /// <summary>Replaces every vector of <paramref name="documentId"/> with <paramref name="entries"/> at the next commit; an empty list deletes them.</summary>
    /// <exception cref="HunyuException">
    /// A chunk id is not <c>documentId:ordinal</c> of this document or repeats, or a vector is empty, zero, not finite or of other
    /// dimensions than the store's (<c>invalid_argument</c>); another process is writing (<c>store_unavailable</c>). Nothing is accepted then.
    /// </exception>
    public void Replace(string documentId, IReadOnlyList<VectorEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            Delete(documentId);
            return;
        }

        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var dims = Dimensions > 0 ? Dimensions : PendingDimensions() ?? entries[0].Vector.Length;
            var chunkIds = new string[entries.Count];
            var vectors = new float[entries.Count * dims];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i] ?? throw new HunyuException(ErrorCode.InvalidArgument, $"document '{documentId}': entry {i} is null");
                if (!CitationIds.TryParse(entry.ChunkId ?? string.Empty, out var owner, out _) || owner != documentId)
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"chunk id '{entry.ChunkId}' is not a citation id of document '{documentId}' ({documentId}:ordinal)");
                }

                if (!seen.Add(entry.ChunkId!))
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"chunk id '{entry.ChunkId}' appears twice");
                }

                chunkIds[i] = entry.ChunkId!;
                Normalize(entry.ChunkId!, entry.Vector.Span, vectors.AsSpan(i * dims, dims), dims);
            }

            EnsureWriter();
            _pending.Add(new PendingOperation(VectorLog.ReplaceOp, documentId, chunkIds, vectors));
        }
    }

    /// <summary>Removes every vector of <paramref name="documentId"/> at the next commit.</summary>
    /// <exception cref="HunyuException">Another process is writing (<c>store_unavailable</c>).</exception>
    public void Delete(string documentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureWriter();
            _pending.Add(new PendingOperation(VectorLog.DeleteOp, documentId, [], []));
        }
    }

    /// <summary>Makes every change since the last commit durable (one checksummed batch, flushed to disk) and searchable.</summary>
    /// <exception cref="HunyuException">The file cannot be written (<c>store_unavailable</c>); the changes stay pending.</exception>
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Commit();
            if (ShouldCompact())
            {
                Compact();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops every change since the last commit and lets another process write.</summary>
    public void DiscardUncommitted()
    {
        lock (_writeGate)
        {
            _pending.Clear();
            _writeLock?.Dispose();
            _writeLock = null;
        }
    }

    /// <summary>Commits, then rewrites the file with only the live vectors (a new file, flushed, then renamed over the old one).</summary>
    /// <exception cref="HunyuException">Another process is writing, or the file cannot be written (<c>store_unavailable</c>).</exception>
    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Commit();
            if (_arena is not null && File.Exists(_file))
            {
                EnsureWriter();
                Compact();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The <paramref name="limit"/> permitted chunks nearest to <paramref name="query"/> by cosine similarity, best first.</summary>
    /// <param name="query">The query's embedding, from the same model as the stored vectors.</param>
    /// <param name="limit">How many hits at most.</param>
    /// <param name="filter">Which chunks may be returned; applied before ranking.</param>
    /// <exception cref="HunyuException">The query is empty, zero, not finite or of other dimensions than the store's (<c>invalid_argument</c>).</exception>
    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int limit, VectorFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentNullException.ThrowIfNull(filter);
        ObjectDisposedException.ThrowIf(_disposed, this);
        RefreshIfDue();
        _gate.EnterReadLock();
        try
        {
            if (_arena is not { Count: > 0 } arena)
            {
                return [];
            }

            var unit = new float[arena.Dimensions];
            Normalize("query", query, unit, arena.Dimensions);
            return arena.Search(unit, limit, filter);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Picks up commits another process made since this store last looked.</summary>
    /// <exception cref="HunyuException">The file became unreadable (<c>store_unavailable</c>).</exception>
    public void Refresh()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Reload();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pending.Clear();
            _writeLock?.Dispose();
            _writeLock = null;
        }

        _gate.Dispose();
    }

    private void Commit()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (_arena is not null && !File.Exists(_file))
        {
            // Deleted behind this store's back: start a new file rather than mix it with vectors it no longer holds.
            Reload();
        }

        if ((Dimensions > 0 ? Dimensions : PendingDimensions()) is not { } dims)
        {
            // Only deletions, and nothing stored yet: there is nothing to delete.
            _pending.Clear();
            return;
        }

        var arena = _arena ?? new VectorArena(dims, _options.Encoding);
        List<(long Offset, int Length)> placed;
        var before = -1L;
        try
        {
            if (!File.Exists(_file))
            {
                CreateFile(dims);
            }

            using var stream = OpenForAppend();
            before = stream.Length;
            placed = VectorLog.AppendBatch(stream, _pending);
            _consumed = stream.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryTruncate(before);
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_file}: commit failed, nothing was committed ({e.Message})", e);
        }

        _gate.EnterWriteLock();
        try
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                Apply(arena, _pending[i], placed[i].Offset, placed[i].Length);
            }

            _arena = arena;
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        _pending.Clear();
    }

    private static void Apply(VectorArena arena, PendingOperation operation, long offset, int length)
    {
        if (operation.Kind == VectorLog.ReplaceOp)
        {
            arena.Replace(operation.DocumentId, operation.ChunkIds, operation.Vectors, offset, length);
        }
        else
        {
            arena.Delete(operation.DocumentId);
        }
    }

    private T Read<T>(Func<VectorArena?, T> read)
    {
        _gate.EnterReadLock();
        try
        {
            return read(_arena);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private int? PendingDimensions() => _pending.FirstOrDefault(p => p.ChunkIds.Length > 0) is { } first ? first.Vectors.Length / first.ChunkIds.Length : null;

    private static void Normalize(string what, ReadOnlySpan<float> vector, Span<float> unit, int dims)
    {
        if (vector.Length != dims)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{what}: vector has {vector.Length} dimensions; the store holds {dims} (vectors of one model only)"));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{what}: vector is zero or has a non-finite component; it has no direction to compare");
        }

        TensorPrimitives.Divide(vector, norm, unit);
    }

    /// <summary>Reads what is new in the file: everything when it was rewritten (or first seen), else the batches after <see cref="_consumed"/>.</summary>
    private void Reload()
    {
        if (!File.Exists(_file))
        {
            if (_arena is not null)
            {
                // The file was deleted (to re-embed the domain): the store is empty again.
                Swap(null, Guid.Empty, 0);
            }

            return;
        }

        try
        {
            using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20);
            var header = VectorLog.ReadHeader(stream);
            if (!string.Equals(header.Model, Model, StringComparison.Ordinal))
            {
                throw new HunyuException(ErrorCode.StoreUnavailable, $"{_file}: holds vectors of model '{header.Model}', not of the configured '{Model}'; delete the file to re-embed the domain, or configure '{header.Model}' again");
            }

            if (header.Generation == _generation && stream.Length == _consumed)
            {
                return;
            }

            var fresh = header.Generation != _generation || _arena is null;
            var arena = fresh ? new VectorArena(header.Dimensions, _options.Encoding) : _arena!;
            var start = fresh ? header.Length : _consumed;
            var operations = new List<VectorLog.Operation>();
            var (end, _) = VectorLog.ReadBatches(stream, start, header.Dimensions, operations.AddRange);
            if (fresh)
            {
                arena.EnsureCapacity(LiveChunks(operations));
                foreach (var operation in operations)
                {
                    ApplyRead(arena, operation);
                }

                Swap(arena, header.Generation, end);
                return;
            }

            _gate.EnterWriteLock();
            try
            {
                foreach (var operation in operations)
                {
                    ApplyRead(arena, operation);
                }

                _consumed = end;
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }
        catch (InvalidDataException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_file}: damaged ({e.Message}); the vectors after that point cannot be read. Delete the file to re-embed the domain", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_file}: cannot be read ({e.Message})", e);
        }
    }

    /// <summary>How many chunks the operations leave live: the last operation of each document counts.</summary>
    private static int LiveChunks(List<VectorLog.Operation> operations)
    {
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation.Kind == VectorLog.ReplaceOp)
            {
                live[operation.DocumentId] = operation.ChunkIds.Length;
            }
            else
            {
                live.Remove(operation.DocumentId);
            }
        }

        return live.Values.Sum();
    }

    private static void ApplyRead(VectorArena arena, VectorLog.Operation operation)
    {
        if (operation.Kind == VectorLog.ReplaceOp)
        {
            arena.Replace(operation.DocumentId, operation.ChunkIds, operation.Vectors, operation.Offset, operation.Length);
        }
        else
        {
            arena.Delete(operation.DocumentId);
        }
    }

    private void Swap(VectorArena? arena, Guid generation, long consumed)
    {
        _gate.EnterWriteLock();
        try
        {
            _arena = arena;
            _generation = generation;
            _consumed = consumed;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Takes the write lock on the first change, catches up with the file and cuts off a batch a crash left unfinished.</summary>
    private void EnsureWriter()
    {
        if (_writeLock is not null)
        {
            return;
        }

        try
        {
            _writeLock = new FileStream(System.IO.Path.Combine(Path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{Path}: vectors are being written by another Hunyu process (a running 'hunyu serve' or ingest); try again when it finishes", e);
        }

        try
        {
            Reload();
            if (File.Exists(_file) && new FileInfo(_file).Length > _consumed)
            {
                // Only a torn last batch lies past what Reload accepted (damage elsewhere throws): drop it.
                using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write, FileShare.Read);
                stream.SetLength(_consumed);
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            _writeLock.Dispose();
            _writeLock = null;
            throw;
        }
    }

    private void CreateFile(int dims)
    {
        var generation = Guid.NewGuid();
        var header = VectorLog.EncodeHeader(dims, generation, Model);
        var temp = _file + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(header);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _file, overwrite: true);
        _generation = generation;
        _consumed = header.Length;
    }

    private FileStream OpenForAppend() => new(_file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 20);

    private void TryTruncate(long length)
    {
        if (length < 0)
        {
            return;
        }

        try
        {
            using var stream = new FileStream(_file, FileMode.Open, FileAccess.Write, FileShare.Read);
            stream.SetLength(length);
        }
        catch (IOException)
        {
            // The batch stays torn (length 0) and is cut off when the store is next opened for writing.
        }
    }

    private bool ShouldCompact()
    {
        var size = FileBytes;
        return _arena is not null && size >= _options.CompactionMinBytes && size - _arena.LiveBytes > _arena.LiveBytes;
    }

    private void Compact()
    {
        var arena = _arena!;
        var generation = Guid.NewGuid();
        var temp = _file + TempSuffix;
        Dictionary<string, long> moved;
        try
        {
            using (var source = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20))
            {
                var live = arena.Documents.Select(d => KeyValuePair.Create(d.Key, (d.Value.Offset, d.Value.Length))).ToList();
                moved = VectorLog.WriteCompacted(temp, VectorLog.EncodeHeader(arena.Dimensions, generation, Model), source, live);
            }

            File.Move(temp, _file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            File.Delete(temp);
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_file}: compaction failed, the file is unchanged ({e.Message})", e);
        }

        _gate.EnterWriteLock();
        try
        {
            foreach (var (documentId, offset) in moved)
            {
                arena.Relocate(documentId, offset);
            }

            _generation = generation;
            _consumed = new FileInfo(_file).Length;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Picks up another process's commits at most once per <see cref="RefreshInterval"/>, never waiting on a commit in progress.</summary>
    private void RefreshIfDue()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastRefreshTicks);
        if (now - last < RefreshInterval.TotalMilliseconds || Interlocked.CompareExchange(ref _lastRefreshTicks, now, last) != last || _writeLock is not null)
        {
            return;
        }

        if (_writeGate.TryEnter())
        {
            try
            {
                if (!_disposed)
                {
                    Reload();
                }
            }
            finally
            {
                _writeGate.Exit();
            }
        }
    }
}
