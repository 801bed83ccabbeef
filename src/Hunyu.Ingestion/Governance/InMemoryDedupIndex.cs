using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// A dedup index in memory: a hash table of dedup-text hashes for exact duplicates, and LSH over MinHash signatures
/// for near duplicates — the signature is cut into bands of <see cref="Rows"/> slots, and items sharing any band are
/// candidates whose estimated similarity is then checked against the threshold.
/// </summary>
/// <remarks>
/// <para>
/// The band size is the largest that still makes an item at exactly the threshold a candidate with probability
/// ≥ 0.995 (0.7 or 0.8 with 128 slots: 32 bands of 4). Among candidates at or above the threshold, the most similar
/// wins, ties going to the earliest kept. At most <see cref="MaxComparisons"/> candidates are compared per lookup, so
/// a pathological bucket cannot make a lookup slow.
/// </para>
/// <para>
/// Memory: about 1.5 KB per kept item with 128 slots (signature, band links and heads, hash and id); duplicates cost nothing
/// but a counter and, for the first <see cref="MaxRecordedDuplicates"/>, their ids. Thread-safe (one lock).
/// </para>
/// </remarks>
public sealed class InMemoryDedupIndex : IDedupIndex
{
    /// <summary>Duplicate ids remembered per kept item; the count goes on.</summary>
    public const int MaxRecordedDuplicates = 100;

    /// <summary>Most candidates compared per lookup.</summary>
    public const int MaxComparisons = 10_000;

    private const double MinCandidateProbability = 0.995;

    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private readonly List<int> _next = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, int> _byHash = [];
    private readonly Dictionary<UInt128, int> _hashCounts = [];
    private readonly Dictionary<ulong, int> _bandHeads = [];
    private readonly double _threshold;
    private int[] _visited = [];
    private int _stamp;

    /// <summary>Creates an empty index for the scheme and threshold of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public InMemoryDedupIndex(DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Scheme = MinHashScheme.Of(options);
        _threshold = options.Threshold;
        Rows = RowsFor(options.Threshold, options.Permutations);
        Bands = options.Permutations / Rows;
    }

    /// <summary>The MinHash scheme signatures must follow.</summary>
    public MinHashScheme Scheme { get; }

    /// <summary>Slots per LSH band.</summary>
    public int Rows { get; }

    /// <summary>LSH bands.</summary>
    public int Bands { get; }

    /// <summary>How many items are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <inheritdoc/>
    public DedupMatch? FindOrAdd(string id, DedupFingerprint fingerprint, KeptDuplicates keep = KeptDuplicates.None)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var signature = fingerprint.Signature.Span;
        if (!signature.IsEmpty && signature.Length != Scheme.Permutations)
        {
            throw new ArgumentException($"signature has {signature.Length} slots; this index's scheme has {Scheme.Permutations}", nameof(fingerprint));
        }

        lock (_lock)
        {
            RemoveLocked(id);

            // PERF: each band key is hashed once, for the lookup and for the insert.
            Span<ulong> keys = signature.IsEmpty ? [] : stackalloc ulong[Bands];
            for (var band = 0; band < keys.Length; band++)
            {
                keys[band] = BandKey(signature, band);
            }

            DedupMatch? match = null;
            if (_byHash.TryGetValue(fingerprint.Hash, out var exact))
            {
                match = Record(exact, id, DuplicateKind.Exact, 1);
                if (!keep.HasFlag(KeptDuplicates.Exact))
                {
                    return match;
                }
            }
            else if (!signature.IsEmpty && Nearest(signature, keys) is ( >= 0 and var near, var similarity))
            {
                match = Record(near, id, DuplicateKind.Near, similarity);
                if (!keep.HasFlag(KeptDuplicates.Near))
                {
                    return match;
                }
            }

            Add(new Entry(id, fingerprint.Hash, fingerprint.Length, signature.ToArray()), keys);
            return match;
        }
    }

    /// <inheritdoc/>
    public bool ContainsExact(UInt128 hash)
    {
        lock (_lock)
        {
            return _byHash.ContainsKey(hash);
        }
    }

    /// <inheritdoc/>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return RemoveLocked(id);
        }
    }

    /// <summary>True when an item is kept under <paramref name="id"/>.</summary>
    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return _byId.ContainsKey(id);
        }
    }

    /// <summary>The kept item <paramref name="id"/> in its stored form, or null when it is not kept.</summary>
    public DedupIndexEntry? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var index) ? ToStored(_entries[index]) : null;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> as it is (replacing an item of the same id), without looking for duplicates: restores stored state.</summary>
    /// <exception cref="ArgumentException">The entry's signature does not fit the scheme, or its hash is not 32 hex digits.</exception>
    public void Put(DedupIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Id);
        if (entry.Signature.Count != 0 && entry.Signature.Count != Scheme.Permutations)
        {
            throw new ArgumentException($"signature has {entry.Signature.Count} slots; this index's scheme has {Scheme.Permutations}", nameof(entry));
        }

        if (!UInt128.TryParse(entry.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hash))
        {
            throw new ArgumentException($"hash '{entry.Hash}' is not 32 hex digits", nameof(entry));
        }

        var item = new Entry(entry.Id, hash, entry.Length, [.. entry.Signature]) { DuplicateCount = entry.DuplicateCount };
        item.Duplicates.AddRange(entry.Duplicates.Take(MaxRecordedDuplicates));
        var keys = new ulong[item.Signature.Length == 0 ? 0 : Bands];
        for (var band = 0; band < keys.Length; band++)
        {
            keys[band] = BandKey(item.Signature, band);
        }

        lock (_lock)
        {
            RemoveLocked(item.Id);
            Add(item, keys);
        }
    }

    /// <summary>Sets the duplicates recorded on the kept item <paramref name="id"/> (restoring stored state); false when it is not kept.</summary>
    public bool SetDuplicates(string id, int count, IReadOnlyList<string> duplicates)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(duplicates);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var index))
            {
                return false;
            }

            var entry = _entries[index];
            entry.DuplicateCount = count;
            entry.Duplicates.Clear();
            entry.Duplicates.AddRange(duplicates.Take(MaxRecordedDuplicates));
            return true;
        }
    }

    /// <summary>The ids recorded as duplicates of the kept item <paramref name="id"/> (at most <see cref="MaxRecordedDuplicates"/>) and their total count.</summary>
    public (IReadOnlyList<string> Ids, int Count) DuplicatesOf(string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var index) ? ([.. _entries[index].Duplicates], _entries[index].DuplicateCount) : ([], 0);
        }
    }

    /// <summary>The index's state, for storing; <see cref="Import"/> restores it.</summary>
    public DedupIndexState Export()
    {
        lock (_lock)
        {
            var entries = _entries.Where(entry => entry.Alive).Select(ToStored).ToList();
            return new DedupIndexState(DedupIndexState.CurrentVersion, Scheme, entries);
        }
    }

    /// <summary>An index holding the kept items of <paramref name="state"/>, for the threshold of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The state's version or scheme differs from what <paramref name="options"/> asks for.</exception>
    public static InMemoryDedupIndex Import(DedupIndexState state, DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var index = new InMemoryDedupIndex(options);
        if (state.Version != DedupIndexState.CurrentVersion)
        {
            throw new ArgumentException($"dedup index state version {state.Version}; this build reads version {DedupIndexState.CurrentVersion}", nameof(state));
        }

        if (state.Scheme != index.Scheme)
        {
            throw new ArgumentException($"dedup index state was built with {state.Scheme}; the options ask for {index.Scheme} ({DedupOptions.Section}): rebuild the index", nameof(state));
        }

        foreach (var item in state.Entries)
        {
            index.Put(item);
        }

        return index;
    }

    /// <summary>The largest band size (a power of two dividing the signature) that makes an item at the threshold a candidate with probability ≥ 0.995.</summary>
    private static int RowsFor(double threshold, int permutations)
    {
        var best = 1;
        for (var rows = 2; rows <= permutations; rows *= 2)
        {
            if (permutations % rows != 0)
            {
                break;
            }

            var bands = permutations / rows;
            if (1 - Math.Pow(1 - Math.Pow(threshold, rows), bands) < MinCandidateProbability)
            {
                break;
            }

            best = rows;
        }

        return best;
    }

    private static DedupIndexEntry ToStored(Entry entry) =>
        new(entry.Id, entry.Hash.ToString("x32", CultureInfo.InvariantCulture), entry.Length, entry.Signature, entry.DuplicateCount, [.. entry.Duplicates]);

    private DedupMatch Record(int index, string duplicateId, DuplicateKind kind, double similarity)
    {
        var kept = _entries[index];

        // The same copy offered again (a later run re-reads a duplicate it dropped) is counted once.
        if (!kept.Duplicates.Contains(duplicateId, StringComparer.Ordinal))
        {
            kept.DuplicateCount++;
            if (kept.Duplicates.Count < MaxRecordedDuplicates)
            {
                kept.Duplicates.Add(duplicateId);
            }
        }

        return new DedupMatch(kept.Id, kind, Math.Round(similarity, 3));
    }

    private (int Index, double Similarity) Nearest(ReadOnlySpan<uint> signature, ReadOnlySpan<ulong> keys)
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_visited);
            _stamp = 1;
        }

        var best = -1;
        var bestSimilarity = 0.0;
        var comparisons = 0;
        for (var band = 0; band < Bands && comparisons < MaxComparisons; band++)
        {
            if (!_bandHeads.TryGetValue(keys[band], out var node))
            {
                continue;
            }

            for (; node >= 0 && comparisons < MaxComparisons; node = _next[node])
            {
                var index = node / Bands;
                var entry = _entries[index];
                if (!entry.Alive || _visited[index] == _stamp)
                {
                    continue;
                }

                _visited[index] = _stamp;
                comparisons++;
                var similarity = MinHasher.Similarity(signature, entry.Signature);
                if (similarity >= _threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && index < best)))
                {
                    best = index;
                    bestSimilarity = similarity;
                }
            }
        }

        return (best, bestSimilarity);
    }

    private void Add(Entry entry, ReadOnlySpan<ulong> keys)
    {
        var index = _entries.Count;
        _entries.Add(entry);
        _byId[entry.Id] = index;
        _byHash.TryAdd(entry.Hash, index);
        _hashCounts[entry.Hash] = _hashCounts.GetValueOrDefault(entry.Hash) + 1;
        if (_visited.Length <= index)
        {
            Array.Resize(ref _visited, Math.Max(16, _visited.Length * 2));
        }

        for (var band = 0; band < Bands; band++)
        {
            if (keys.IsEmpty)
            {
                _next.Add(-1);
                continue;
            }

            var key = keys[band];
            _next.Add(_bandHeads.TryGetValue(key, out var head) ? head : -1);
            _bandHeads[key] = (index * Bands) + band;
        }
    }

    private bool RemoveLocked(string id)
    {
        if (!_byId.Remove(id, out var index))
        {
            return false;
        }

        var entry = _entries[index];
        entry.Alive = false;
        var remaining = _hashCounts[entry.Hash] - 1;
        if (remaining == 0)
        {
            _hashCounts.Remove(entry.Hash);
        }
        else
        {
            _hashCounts[entry.Hash] = remaining;
        }

        if (_byHash.TryGetValue(entry.Hash, out var byHash) && byHash == index)
        {
            _byHash.Remove(entry.Hash);

            // Another kept item with the same text (an exact duplicate kept by KeptDuplicates.Exact) takes over.
            if (remaining > 0 && _entries.FindIndex(other => other.Alive && other.Hash == entry.Hash) is >= 0 and var next)
            {
                _byHash[entry.Hash] = next;
            }
        }

        return true;
    }

    private ulong BandKey(ReadOnlySpan<uint> signature, int band) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(signature.Slice(band * Rows, Rows)), band);

    private sealed class Entry(string id, UInt128 hash, int length, uint[] signature)
    {
        public string Id { get; } = id;
        public UInt128 Hash { get; } = hash;
        public int Length { get; } = length;
        public uint[] Signature { get; } = signature;
        public bool Alive { get; set; } = true;
        public int DuplicateCount { get; set; }
        public List<string> Duplicates { get; } = [];
    }
}
