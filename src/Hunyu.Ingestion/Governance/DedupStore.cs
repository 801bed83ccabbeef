using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The dedup state of one domain — a document index and a chunk index (<see cref="InMemoryDedupIndex"/>) — kept in
/// memory and persisted in a folder next to the domain's search index, so deduplication spans the whole domain and
/// every run.
/// </summary>
/// <remarks>
/// <para>
/// On disk: <c>state.jsonl</c>, a snapshot (a header line with the format, generation and MinHash scheme, then one line
/// per kept item), and <c>journal-&lt;generation&gt;.jsonl</c>, the changes since (one JSON line each, appended and
/// flushed to disk). The journal is folded into a new snapshot when it outgrows the state.
/// </para>
/// <para>
/// Changes are written in two phases around each index commit, so a crash never leaves an item kept here that the
/// index does not hold (a later copy would be dropped as its duplicate): <see cref="PrepareCommit"/>, before the
/// index commits, writes the removals (replaced and deleted items); <see cref="Commit"/>, after it, writes the
/// additions. A crash in between only forgets items, which costs a missed duplicate, never a document.
/// <see cref="Discard"/> after a failed run reloads the last written state.
/// </para>
/// <para>
/// State that cannot be read (corrupt, another MinHash scheme, another format version) is set aside: the store starts
/// empty and says so once (<see cref="TakeWarning"/>); the next commit writes a fresh snapshot. A torn last journal
/// line (a crash while appending) is cut off silently: its batch was never committed to the catalog.
/// </para>
/// <para>Thread-safe (one lock); a domain's writers run one at a time anyway.</para>
/// </remarks>
public sealed class DedupStore
{
    /// <summary>The snapshot's file name in the store's folder.</summary>
    public const string SnapshotFileName = "state.jsonl";

    /// <summary>The format version written now (2: 16-bit signature slots; a version 1 state is set aside and rebuilt).</summary>
    public const int FormatVersion = 2;

    /// <summary>Journal lines before a commit may fold them into a new snapshot (and only once they are more than twice the kept items: mostly replaced or removed items).</summary>
    public const int MinJournalLinesToCompact = 10_000;

    private const string FormatName = "hunyu-dedup";
    private const string JournalPrefix = "journal-";
    private const string JournalExtension = ".jsonl";
    private const char DocumentIndex = 'd';
    private const char ChunkIndex = 'c';
    private const int ReadBufferBytes = 1 << 16;

    private static readonly JsonSerializerOptions LineJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _lock = new();
    private readonly string? _folder;
    private readonly Dictionary<string, HashSet<string>> _chunksByDocument = new(StringComparer.Ordinal);
    private readonly List<(char Index, string Id, bool WasKept)> _replaced = [];
    private readonly HashSet<(char Index, string Id)> _replacedSet = [];
    private readonly List<(char Index, string Id)> _recorded = [];
    private readonly HashSet<(char Index, string Id)> _recordedSet = [];
    private InMemoryDedupIndex _documents;
    private InMemoryDedupIndex _chunks;
    private long _generation;
    private long _journalLines;
    private bool _needsSnapshot;
    private bool _removalsWritten;
    private string? _warning;

    private DedupStore(string? folder, DedupOptions options)
    {
        options.Validate();
        _folder = folder;
        Options = options;
        _documents = new InMemoryDedupIndex(options);
        _chunks = new InMemoryDedupIndex(options);
        Documents = new TrackedIndex(this, DocumentIndex);
        Chunks = new TrackedIndex(this, ChunkIndex);
    }

    /// <summary>The options the indexes follow (scheme and threshold).</summary>
    public DedupOptions Options { get; }

    /// <summary>The kept documents, by document id; what the <c>dedup</c> step asks.</summary>
    public IDedupIndex Documents { get; }

    /// <summary>The kept chunks, by citation id (<c>documentId:ordinal</c>); what chunk deduplication asks.</summary>
    public IDedupIndex Chunks { get; }

    /// <summary>How many documents are kept now.</summary>
    public int DocumentCount => _documents.Count;

    /// <summary>How many chunks are kept now.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>Opens the store in <paramref name="folder"/> (created on the first commit), reading what an earlier run wrote.</summary>
    /// <remarks>Never throws for unreadable state: it starts empty and keeps a warning (<see cref="TakeWarning"/>).</remarks>
    public static DedupStore Open(string folder, DedupOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        var store = new DedupStore(Path.GetFullPath(folder), options);
        lock (store._lock)
        {
            store.Load();
        }

        return store;
    }

    /// <summary>A store that is never written: deduplication within the process's lifetime only (tests, one-off runs).</summary>
    public static DedupStore InMemory(DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DedupStore(null, options);
    }

    /// <summary>The problem found when the state was read (once; null afterwards or when there was none).</summary>
    public string? TakeWarning()
    {
        lock (_lock)
        {
            var warning = _warning;
            _warning = null;
            return warning;
        }
    }

    /// <summary>True when document <paramref name="documentId"/> is kept.</summary>
    public bool ContainsDocument(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return _documents.Contains(documentId);
    }

    /// <summary>True when changes wait for <see cref="PrepareCommit"/> and <see cref="Commit"/>.</summary>
    public bool HasPendingChanges
    {
        get
        {
            lock (_lock)
            {
                return _replaced.Count > 0 || _recorded.Count > 0;
            }
        }
    }

    /// <summary>Forgets document <paramref name="documentId"/> and its chunks (it was deleted or will not be indexed).</summary>
    public void RemoveDocument(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        lock (_lock)
        {
            Touch(DocumentIndex, documentId);
            _documents.Remove(documentId);
            RemoveChunksLocked(documentId);
        }
    }

    /// <summary>Forgets the chunks of document <paramref name="documentId"/> (its new version's chunks are about to be deduplicated: none may match its old ones).</summary>
    public void RemoveChunksOf(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        lock (_lock)
        {
            RemoveChunksLocked(documentId);
        }
    }

    /// <summary>Writes the removals since the last commit; call before the index commits the same change.</summary>
    /// <exception cref="HunyuException">The state cannot be written (<c>store_unavailable</c>).</exception>
    public void PrepareCommit()
    {
        lock (_lock)
        {
            if (_folder is null || _removalsWritten)
            {
                return;
            }

            Guard(() =>
            {
                if (_needsSnapshot)
                {
                    // Nothing read is trusted (or nothing was there): start the files from the empty state.
                    WriteSnapshot(_generation + 1, []);
                    _needsSnapshot = false;
                }

                var lines = _replaced.Where(item => item.WasKept).Select(item => Line(new DedupLine { Op = "remove", I = item.Index, Id = item.Id })).ToList();
                Append(lines);
            });
            _removalsWritten = true;
        }
    }

    /// <summary>Writes the additions since the last commit; call after the index committed the same change.</summary>
    /// <exception cref="HunyuException">The state cannot be written (<c>store_unavailable</c>).</exception>
    public void Commit()
    {
        lock (_lock)
        {
            if (_folder is null)
            {
                ClearPending();
                return;
            }

            if (!_removalsWritten)
            {
                throw new InvalidOperationException("DedupStore.Commit without PrepareCommit: removals must be written before the index commits");
            }

            Guard(() =>
            {
                var lines = new List<string>();
                foreach (var (index, id, _) in _replaced)
                {
                    if (IndexOf(index).Find(id) is { } entry)
                    {
                        lines.Add(Line(DedupLine.Put(index, entry)));
                    }
                }

                foreach (var (index, id) in _recorded)
                {
                    if (!_replacedSet.Contains((index, id)) && IndexOf(index).Find(id) is { } entry)
                    {
                        lines.Add(Line(new DedupLine { Op = "dups", I = index, Id = id, Dups = entry.DuplicateCount, DupIds = entry.Duplicates }));
                    }
                }

                Append(lines);
                ClearPending();
                // A first ingest writes about one line per kept item: nothing to fold. Replaced and removed items are.
                if (_journalLines >= MinJournalLinesToCompact && _journalLines > 2L * (_documents.Count + _chunks.Count))
                {
                    // Everything in memory is written now, so it is exactly the committed state.
                    WriteSnapshot(_generation + 1, [.. Entries(DocumentIndex, _documents), .. Entries(ChunkIndex, _chunks)]);
                }
            });
        }
    }

    /// <summary>Drops every change since the last commit (after a failed or cancelled run) by reading the written state again.</summary>
    public void Discard()
    {
        lock (_lock)
        {
            ClearPending();
            _documents = new InMemoryDedupIndex(Options);
            _chunks = new InMemoryDedupIndex(Options);
            _chunksByDocument.Clear();
            if (_folder is not null)
            {
                // Without files, the uncommitted changes cannot be told from the committed ones: forgetting all only misses duplicates.
                Load();
            }
        }
    }

    private InMemoryDedupIndex IndexOf(char index) => index == DocumentIndex ? _documents : _chunks;

    private void RemoveChunksLocked(string documentId)
    {
        if (_chunksByDocument.Remove(documentId, out var chunks))
        {
            foreach (var chunk in chunks)
            {
                Touch(ChunkIndex, chunk);
                _chunks.Remove(chunk);
            }
        }
    }

    private static IEnumerable<string> Entries(char index, InMemoryDedupIndex items) =>
        items.Export().Entries.Select(entry => Line(DedupLine.Put(index, entry)));

    private static string Line(DedupLine line) => JsonSerializer.Serialize(line, LineJson);

    private string JournalPath(long generation) => Path.Combine(_folder!, string.Create(CultureInfo.InvariantCulture, $"{JournalPrefix}{generation}{JournalExtension}"));

    private void Touch(char index, string id)
    {
        if (_replacedSet.Add((index, id)))
        {
            _replaced.Add((index, id, IndexOf(index).Contains(id)));
        }
    }

    private void Recorded(char index, string id)
    {
        if (_recordedSet.Add((index, id)))
        {
            _recorded.Add((index, id));
        }
    }

    private void ClearPending()
    {
        _replaced.Clear();
        _replacedSet.Clear();
        _recorded.Clear();
        _recordedSet.Clear();
        _removalsWritten = false;
    }

    private void TrackChunk(string citationId)
    {
        if (!CitationIds.TryParse(citationId, out var documentId, out _))
        {
            return;
        }

        if (_chunks.Contains(citationId))
        {
            if (!_chunksByDocument.TryGetValue(documentId, out var chunks))
            {
                _chunksByDocument[documentId] = chunks = new HashSet<string>(StringComparer.Ordinal);
            }

            chunks.Add(citationId);
        }
        else if (_chunksByDocument.TryGetValue(documentId, out var chunks) && chunks.Remove(citationId) && chunks.Count == 0)
        {
            _chunksByDocument.Remove(documentId);
        }
    }

    /// <summary>Reads the snapshot and its journal into empty indexes; on any problem starts empty with a warning.</summary>
    private void Load()
    {
        var snapshot = Path.Combine(_folder!, SnapshotFileName);
        if (!File.Exists(snapshot))
        {
            _needsSnapshot = true;
            _generation = 0;
            if (Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, JournalPrefix + "*").Any())
            {
                _warning = $"{_folder}: dedup journal without its snapshot; started empty (duplicates of documents ingested earlier are found again once their sources are ingested again)";
            }

            return;
        }

        try
        {
            var generation = ReadFile(snapshot, isSnapshot: true);
            _generation = generation;
            var journal = JournalPath(generation);
            _journalLines = File.Exists(journal) ? ReadFile(journal, isSnapshot: false) : 0;
            _needsSnapshot = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or ArgumentException or FormatException)
        {
            _documents = new InMemoryDedupIndex(Options);
            _chunks = new InMemoryDedupIndex(Options);
            _chunksByDocument.Clear();
            _journalLines = 0;
            _needsSnapshot = true;
            _warning = $"{_folder}: dedup state unreadable ({e.Message}); started empty (duplicates of documents ingested earlier are found again once their sources are ingested again)";
        }
    }

    /// <summary>Applies every line of a snapshot (returns its generation) or a journal (returns its line count); a torn last journal line is cut off.</summary>
    /// <remarks>Streamed through a 64 KB buffer: loading a state of millions of items never holds the file in memory.</remarks>
    private long ReadFile(string path, bool isSnapshot)
    {
        long lines = 0, generation = 0, complete = 0;
        var torn = false;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            var buffer = new byte[ReadBufferBytes];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer (ids and recorded duplicates make lines of a few KB at most).
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = file.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    torn = filled > 0;
                    break;
                }

                filled += read;
                var at = 0;
                for (var end = buffer.AsSpan(0, filled).IndexOf((byte)'\n'); end >= 0; end = buffer.AsSpan(at, filled - at).IndexOf((byte)'\n') is var next and >= 0 ? at + next : -1)
                {
                    var line = JsonSerializer.Deserialize<DedupLine>(buffer.AsSpan(at, end - at), LineJson) ?? throw new InvalidDataException($"{Path.GetFileName(path)}: empty line {lines + 1}");
                    if (isSnapshot && lines == 0)
                    {
                        generation = Header(line);
                    }
                    else
                    {
                        Apply(line);
                    }

                    lines++;
                    at = end + 1;
                }

                complete += at;
                buffer.AsSpan(at, filled - at).CopyTo(buffer);
                filled -= at;
            }
        }

        if (torn)
        {
            if (isSnapshot)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} ends in a cut-off line");
            }

            // A crash while appending: that batch never reached the catalog. Cut it off so the next append starts clean.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
            file.Flush(flushToDisk: true);
        }

        if (isSnapshot && lines == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is empty");
        }

        return isSnapshot ? generation : lines;
    }

    private long Header(DedupLine line)
    {
        if (line.Format != FormatName || line.Version != FormatVersion)
        {
            throw new InvalidDataException($"format {line.Format} version {line.Version}; this build reads {FormatName} version {FormatVersion}");
        }

        var scheme = new MinHashScheme(line.ShingleChars ?? 0, line.Permutations ?? 0, line.Seed ?? 0);
        if (scheme != _documents.Scheme)
        {
            throw new InvalidDataException($"built with {scheme}; the options ask for {_documents.Scheme} ({DedupOptions.Section})");
        }

        return line.Generation ?? throw new InvalidDataException("the header has no generation");
    }

    private void Apply(DedupLine line)
    {
        var id = line.Id ?? throw new InvalidDataException("a line without an id");
        var index = line.I switch
        {
            DocumentIndex => _documents,
            ChunkIndex => _chunks,
            _ => throw new InvalidDataException($"unknown index '{line.I}'"),
        };
        switch (line.Op)
        {
            case "put":
                index.Put(line.ToEntry());
                break;
            case "remove":
                index.Remove(id);
                break;
            case "dups":
                index.SetDuplicates(id, line.Dups ?? 0, line.DupIds ?? []);
                break;
            default:
                throw new InvalidDataException($"unknown operation '{line.Op}'");
        }

        if (index == _chunks)
        {
            TrackChunk(id);
        }
    }

    /// <summary>Replaces the snapshot atomically with generation <paramref name="generation"/> holding <paramref name="lines"/>, and starts its journal empty.</summary>
    private void WriteSnapshot(long generation, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(_folder!);
        var snapshot = Path.Combine(_folder!, SnapshotFileName);
        var temporary = snapshot + ".tmp";
        var scheme = _documents.Scheme;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(file, new UTF8Encoding(false)))
        {
            writer.Write(Line(new DedupLine { Format = FormatName, Version = FormatVersion, Generation = generation, ShingleChars = scheme.ShingleChars, Permutations = scheme.Permutations, Seed = scheme.Seed }));
            writer.Write('\n');
            foreach (var line in lines)
            {
                writer.Write(line);
                writer.Write('\n');
            }

            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        // A journal of this generation left by an earlier crash belongs to no snapshot.
        File.Delete(JournalPath(generation));
        File.Move(temporary, snapshot, overwrite: true);
        _generation = generation;
        _journalLines = 0;

        // Older journals are folded in (or were set aside); removed once the new snapshot is in place.
        foreach (var stale in Directory.EnumerateFiles(_folder!, JournalPrefix + "*" + JournalExtension).Where(path => path != JournalPath(generation)))
        {
            File.Delete(stale);
        }
    }

    private void Append(List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        using var file = new FileStream(JournalPath(_generation), FileMode.Append, FileAccess.Write, FileShare.None);
        using var writer = new StreamWriter(file, new UTF8Encoding(false));
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }

        writer.Flush();
        file.Flush(flushToDisk: true);
        _journalLines += lines.Count;
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{_folder}: cannot write the dedup state ({e.Message})", e);
        }
    }

    /// <summary>An index of the store that notes what changes, for the next commit.</summary>
    private sealed class TrackedIndex(DedupStore store, char index) : IDedupIndex
    {
        public DedupMatch? FindOrAdd(string id, DedupFingerprint fingerprint, KeptDuplicates keep = KeptDuplicates.None)
        {
            lock (store._lock)
            {
                store.Touch(index, id);
                var match = store.IndexOf(index).FindOrAdd(id, fingerprint, keep);
                if (match is not null)
                {
                    store.Recorded(index, match.DuplicateOf);
                }

                if (index == ChunkIndex)
                {
                    store.TrackChunk(id);
                }

                return match;
            }
        }

        public bool ContainsExact(UInt128 hash) => store.IndexOf(index).ContainsExact(hash);

        public bool Remove(string id)
        {
            lock (store._lock)
            {
                store.Touch(index, id);
                var removed = store.IndexOf(index).Remove(id);
                if (index == ChunkIndex)
                {
                    store.TrackChunk(id);
                }

                return removed;
            }
        }
    }

    /// <summary>One line of the snapshot or journal: the header, or an operation on one item.</summary>
    private sealed class DedupLine
    {
        public string? Format { get; init; }

        public int? Version { get; init; }

        public long? Generation { get; init; }

        public int? ShingleChars { get; init; }

        public int? Permutations { get; init; }

        public int? Seed { get; init; }

        public string? Op { get; init; }

        public char? I { get; init; }

        public string? Id { get; init; }

        public string? Hash { get; init; }

        public int? Length { get; init; }

        /// <summary>The MinHash signature as base64 of its little-endian 16-bit slots (344 characters for 128 slots).</summary>
        public string? Signature { get; init; }

        public int? Dups { get; init; }

        public IReadOnlyList<string>? DupIds { get; init; }

        public static DedupLine Put(char index, DedupIndexEntry entry) => new()
        {
            Op = "put",
            I = index,
            Id = entry.Id,
            Hash = entry.Hash,
            Length = entry.Length,
            Signature = entry.Signature.Count == 0 ? null : Convert.ToBase64String(MemoryMarshal.AsBytes((entry.Signature as ushort[] ?? [.. entry.Signature]).AsSpan())),
            Dups = entry.DuplicateCount == 0 ? null : entry.DuplicateCount,
            DupIds = entry.Duplicates.Count == 0 ? null : entry.Duplicates,
        };

        public DedupIndexEntry ToEntry()
        {
            ushort[] signature = [];
            if (Signature is { Length: > 0 })
            {
                var bytes = Convert.FromBase64String(Signature);
                if (bytes.Length % sizeof(ushort) != 0)
                {
                    throw new InvalidDataException($"{Id}: signature of {bytes.Length} bytes");
                }

                signature = MemoryMarshal.Cast<byte, ushort>(bytes).ToArray();
            }

            return new DedupIndexEntry(Id!, Hash ?? throw new InvalidDataException($"{Id}: no hash"), Length ?? 0, signature, Dups ?? 0, DupIds ?? []);
        }
    }
}
