using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
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
/// ≥ 0.995, and the bands are the fewest that do (0.7 with 128 slots: 20 bands of 4; 0.8: 11 bands of 4); the slots
/// beyond the bands take part in the similarity only. PERF: each band costs a lookup and a link in a table larger than
/// the CPU caches, most of the index's time on short documents; all 32 bands of 4 would cost 60 % more for a candidate
/// probability at the threshold of 0.9999 instead of 0.995. Among candidates at or above the threshold, the most
/// similar wins, ties going to the earliest kept. At most <see cref="MaxComparisons"/> candidates are compared per lookup, so
/// a pathological bucket cannot make a lookup slow.
/// </para>
/// <para>
/// PERF: the bands live in one flat open-addressing table (linear probing) of 8-byte entries: 32 bits of the band's
/// hash as the key and the head of the chain of items sharing that band. A lookup therefore costs one cache line per
/// band, and only true band matches (rare) walk a chain; the earlier table without keys mixed all bands and values in
/// its chains, so every lookup followed about 0.7 unrelated links per band through three arrays — several cache
/// misses per band, more than MinHashing the document.
/// </para>
/// <para>
/// Memory (<see cref="BytesPerItem"/>): items live in pages of plain arrays (<see cref="PagedRows{T}"/>: growing adds
/// a page and copies nothing), not objects — per kept item its 16-bit signature
/// (2 bytes a slot), one chain link per band, about 1.8 band-table entries per band (the table is between
/// <see cref="MaxBandLoad"/> and half that full), the 128-bit hash, length, a visit stamp and the id with its two
/// dictionary entries: about 0.75 KB with 128 slots and ids of 20 characters. Duplicates cost nothing but a counter
/// and, for the first <see cref="MaxRecordedDuplicates"/>, their ids (only for kept items that have any). Removed
/// items keep their slots until the index is rebuilt from its state. Thread-safe (one lock).
/// </para>
/// </remarks>
public sealed class InMemoryDedupIndex : IDedupIndex
{
    /// <summary>Duplicate ids remembered per kept item; the count goes on.</summary>
    public const int MaxRecordedDuplicates = 100;

    /// <summary>Most candidates compared per lookup.</summary>
    public const int MaxComparisons = 10_000;

    private const double MinCandidateProbability = 0.995;

    /// <summary>Share of the band table in use at which it doubles: linear probing stays short (a probe rarely leaves its cache line) below it.</summary>
    private const double MaxBandLoad = 0.75;

    private const int InitialBandEntries = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, int> _byHash = [];

    // Copies beyond the first of a hash (kept exact duplicates, KeptDuplicates.Exact): rare, so counted only when > 1.
    private readonly Dictionary<UInt128, int> _extraCopies = [];
    private readonly Dictionary<int, Recorded> _duplicates = [];
    private readonly double _threshold;
    private readonly int _slots;
    private readonly PagedRows<string?> _ids = new(1);
    private readonly PagedRows<UInt128> _hashes = new(1);
    private readonly PagedRows<int> _lengths = new(1);
    private readonly PagedRows<bool> _signed = new(1);
    private readonly PagedRows<int> _visited = new(1);
    private readonly PagedRows<ushort> _signatures;

    // The chain links: a node is an item's band, (item << _bandShift) | band, so no division decodes it.
    private readonly PagedRows<int> _next;
    private readonly int _bandShift;
    private BandEntry[] _bands = new BandEntry[InitialBandEntries];
    private int _items;

    // Band table entries in use (distinct band keys, removed items' too until the index is rebuilt).
    private int _bandsInUse;

    // Where the prefetching reads go, so they are not optimised away.
    private uint _touched;
    private int _stamp;

    /// <summary>Creates an empty index for the scheme and threshold of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public InMemoryDedupIndex(DedupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Scheme = MinHashScheme.Of(options);
        _threshold = options.Threshold;
        _slots = options.Permutations;
        (Rows, Bands) = BandsFor(options.Threshold, options.Permutations);
        _signatures = new PagedRows<ushort>(_slots);
        _next = new PagedRows<int>(Bands);
        _bandShift = 32 - BitOperations.LeadingZeroCount((uint)Bands - 1);
    }

    /// <summary>The MinHash scheme signatures must follow.</summary>
    public MinHashScheme Scheme { get; }

    /// <summary>Slots per LSH band.</summary>
    public int Rows { get; }

    /// <summary>LSH bands.</summary>
    public int Bands { get; }

    /// <summary>
    /// Bytes of memory per kept item, by construction (ids of <paramref name="idChars"/> characters; duplicates not
    /// counted): what the arrays, the bucket table at its average fill and the two dictionary entries take.
    /// </summary>
    public long BytesPerItem(int idChars = 20)
    {
        const int DictionaryEntry = 24, StringHeader = 22, Reference = 8;

        // The band table is between MaxBandLoad and half that full, so on average 1 / (0.75 · MaxBandLoad) entries per key.
        var bandEntries = (long)Math.Round(BandEntry.Bytes * Bands / (0.75 * MaxBandLoad));
        var perItem = (2L * _slots) + (4L * Bands) + bandEntries + 16 + 4 + 1 + 4 + Reference;
        return perItem + StringHeader + (2L * idChars) + DictionaryEntry + (DictionaryEntry + 8);
    }

    /// <summary>
    /// Bytes of memory the index holds now, counted from its arrays' actual capacity (including the room they grew
    /// into), its dictionaries' capacity, the id strings and the recorded duplicates: what a memory measurement
    /// subtracts to see what the rest of a run holds. Walks the recorded duplicates; meant for diagnostics.
    /// </summary>
    public long MemoryBytes
    {
        get
        {
            lock (_lock)
            {
                long bytes = _ids.Bytes(8) + _hashes.Bytes(16) + _lengths.Bytes(4) + _signed.Bytes(1) + _visited.Bytes(4)
                    + _signatures.Bytes(2) + _next.Bytes(4) + (_bands.Length * (long)BandEntry.Bytes);

                // Dictionary entries: hash code, next, key, value (padded), plus one bucket each.
                bytes += (_byId.EnsureCapacity(0) * 28L) + (_byHash.EnsureCapacity(0) * 36L) + (_extraCopies.EnsureCapacity(0) * 36L) + (_duplicates.EnsureCapacity(0) * 28L);
                foreach (var id in _byId.Keys)
                {
                    bytes += StringBytes(id);
                }

                foreach (var recorded in _duplicates.Values)
                {
                    bytes += 24 + 32 + 16 + (8L * recorded.Ids.Capacity) + recorded.Ids.Sum(StringBytes);
                }

                return bytes;
            }
        }
    }

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
        CheckSignature(signature.Length, nameof(fingerprint));
        lock (_lock)
        {
            RemoveLocked(id);

            // PERF: each band is hashed once, for the lookup and for the insert.
            Span<uint> bandKeys = signature.IsEmpty ? [] : stackalloc uint[Bands];
            var mask = (uint)_bands.Length - 1;
            var touched = 0u;
            for (var band = 0; band < bandKeys.Length; band++)
            {
                bandKeys[band] = BandKey(signature, band);

                // PERF: the band table outgrows the CPU caches: reading each band's home entry here, with no branch on
                // what is read, lets the CPU overlap the cache misses instead of taking them one after another in the
                // probes below.
                touched |= _bands[bandKeys[band] & mask].Key;
            }

            _touched = touched;

            DedupMatch? match = null;
            if (_byHash.TryGetValue(fingerprint.Hash, out var exact))
            {
                match = Record(exact, id, DuplicateKind.Exact, 1);
                if (!keep.HasFlag(KeptDuplicates.Exact))
                {
                    return match;
                }
            }
            else if (!signature.IsEmpty && Nearest(signature, bandKeys) is ( >= 0 and var near, var similarity))
            {
                match = Record(near, id, DuplicateKind.Near, similarity);
                if (!keep.HasFlag(KeptDuplicates.Near))
                {
                    return match;
                }
            }

            Add(id, fingerprint.Hash, fingerprint.Length, signature, bandKeys);
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
            return _byId.TryGetValue(id, out var index) ? ToStored(index) : null;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> as it is (replacing an item of the same id), without looking for duplicates: restores stored state.</summary>
    /// <exception cref="ArgumentException">The entry's signature does not fit the scheme, or its hash is not 32 hex digits.</exception>
    public void Put(DedupIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Id);
        CheckSignature(entry.Signature.Count, nameof(entry));
        if (!UInt128.TryParse(entry.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hash))
        {
            throw new ArgumentException($"hash '{entry.Hash}' is not 32 hex digits", nameof(entry));
        }

        var signature = entry.Signature as ushort[] ?? [.. entry.Signature];
        lock (_lock)
        {
            RemoveLocked(entry.Id);
            var index = Add(entry.Id, hash, entry.Length, signature, []);
            if (entry.DuplicateCount > 0 || entry.Duplicates.Count > 0)
            {
                _duplicates[index] = new Recorded(entry.DuplicateCount, [.. entry.Duplicates.Take(MaxRecordedDuplicates)]);
            }
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

            _duplicates[index] = new Recorded(count, [.. duplicates.Take(MaxRecordedDuplicates)]);
            return true;
        }
    }

    /// <summary>The ids recorded as duplicates of the kept item <paramref name="id"/> (at most <see cref="MaxRecordedDuplicates"/>) and their total count.</summary>
    public (IReadOnlyList<string> Ids, int Count) DuplicatesOf(string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var index) && _duplicates.TryGetValue(index, out var recorded) ? ([.. recorded.Ids], recorded.Count) : ([], 0);
        }
    }

    /// <summary>The index's state, for storing; <see cref="Import"/> restores it.</summary>
    public DedupIndexState Export()
    {
        lock (_lock)
        {
            var entries = new List<DedupIndexEntry>(_byId.Count);
            for (var index = 0; index < _items; index++)
            {
                if (_ids[index] is not null)
                {
                    entries.Add(ToStored(index));
                }
            }

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

    /// <summary>
    /// The largest band size (a power of two dividing the signature) that makes an item at the threshold a candidate
    /// with probability ≥ 0.995 when the whole signature is cut into bands, and the fewest bands of that size that still do.
    /// </summary>
    private static (int Rows, int Bands) BandsFor(double threshold, int permutations)
    {
        var rows = 1;
        for (var next = 2; next <= permutations && permutations % next == 0; next *= 2)
        {
            if (CandidateProbability(threshold, next, permutations / next) < MinCandidateProbability)
            {
                break;
            }

            rows = next;
        }

        var bands = 1;
        while (bands < permutations / rows && CandidateProbability(threshold, rows, bands) < MinCandidateProbability)
        {
            bands++;
        }

        return (rows, bands);
    }

    /// <summary>The probability that an item of Jaccard similarity <paramref name="similarity"/> shares at least one of <paramref name="bands"/> bands of <paramref name="rows"/> slots.</summary>
    private static double CandidateProbability(double similarity, int rows, int bands) => 1 - Math.Pow(1 - Math.Pow(similarity, rows), bands);

    private static long StringBytes(string text) => 22 + (2L * text.Length);

    private void CheckSignature(int slots, string parameter)
    {
        if (slots != 0 && slots != _slots)
        {
            throw new ArgumentException($"signature has {slots} slots; this index's scheme has {_slots}", parameter);
        }
    }

    private ReadOnlySpan<ushort> SignatureOf(int index) => _signatures.Row(index);

    private DedupIndexEntry ToStored(int index)
    {
        var recorded = _duplicates.GetValueOrDefault(index);
        return new DedupIndexEntry(_ids[index]!, _hashes[index].ToString("x32", CultureInfo.InvariantCulture), _lengths[index], _signed[index] ? SignatureOf(index).ToArray() : [], recorded?.Count ?? 0, recorded is null ? [] : [.. recorded.Ids]);
    }

    private DedupMatch Record(int index, string duplicateId, DuplicateKind kind, double similarity)
    {
        if (!_duplicates.TryGetValue(index, out var recorded))
        {
            _duplicates[index] = recorded = new Recorded(0, []);
        }

        // The same copy offered again (a later run re-reads a duplicate it dropped) is counted once.
        if (!recorded.Ids.Contains(duplicateId, StringComparer.Ordinal))
        {
            recorded.Count++;
            if (recorded.Ids.Count < MaxRecordedDuplicates)
            {
                recorded.Ids.Add(duplicateId);
            }
        }

        return new DedupMatch(_ids[index]!, kind, Math.Round(similarity, 3));
    }

    private (int Index, double Similarity) Nearest(ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> bandKeys)
    {
        if (++_stamp == int.MaxValue)
        {
            _visited.Clear();
            _stamp = 1;
        }

        var best = -1;
        var bestSimilarity = 0.0;
        var comparisons = 0;
        for (var band = 0; band < Bands && comparisons < MaxComparisons; band++)
        {
            var slots = signature.Slice(band * Rows, Rows);
            for (var node = _bands[FindBand(bandKeys[band])].Head; node >= 0 && comparisons < MaxComparisons; node = NextNode(node))
            {
                var index = node >> _bandShift;

                // A chain holds the items whose bands have the same 32-bit key: nearly always equal bands, checked here.
                if ((node & ((1 << _bandShift) - 1)) != band || _ids[index] is null || _visited[index] == _stamp || !slots.SequenceEqual(SignatureOf(index).Slice(band * Rows, Rows)))
                {
                    continue;
                }

                _visited[index] = _stamp;
                comparisons++;
                var similarity = MinHasher.Similarity(signature, SignatureOf(index));
                if (similarity >= _threshold && (similarity > bestSimilarity || (similarity == bestSimilarity && index < best)))
                {
                    best = index;
                    bestSimilarity = similarity;
                }
            }
        }

        return (best, bestSimilarity);
    }

    /// <summary>Keeps a new item; <paramref name="bandKeys"/> are its bands' keys, or empty to compute them.</summary>
    private int Add(string id, UInt128 hash, int length, ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> bandKeys)
    {
        var index = _items++;
        if (index >= _ids.Capacity)
        {
            Grow(index);
        }

        _ids[index] = id;
        _hashes[index] = hash;
        _lengths[index] = length;
        _byId[id] = index;
        if (!_byHash.TryAdd(hash, index))
        {
            _extraCopies[hash] = _extraCopies.GetValueOrDefault(hash) + 1;
        }

        if (signature.IsEmpty)
        {
            return index;
        }

        _signed[index] = true;
        signature.CopyTo(_signatures.Row(index));
        if (_bandsInUse + Bands > MaxBandLoad * _bands.Length)
        {
            GrowBands(_bands.Length * 2);
        }

        Link(index, bandKeys);
        return index;
    }

    private void Grow(int index)
    {
        if (index > (int.MaxValue >> _bandShift))
        {
            throw new InvalidOperationException($"dedup index: more than {int.MaxValue >> _bandShift:N0} items; split the domain");
        }

        _ids.EnsureRow(index);
        _hashes.EnsureRow(index);
        _lengths.EnsureRow(index);
        _signed.EnsureRow(index);
        _visited.EnsureRow(index);
        _signatures.EnsureRow(index);
        _next.EnsureRow(index);
    }

    /// <summary>The node after <paramref name="node"/> in its chain; negative at the end.</summary>
    private int NextNode(int node) => _next.At(node >> _bandShift, node & ((1 << _bandShift) - 1));

    /// <summary>
    /// Moves the band table into one of <paramref name="length"/> entries. PERF: an entry's position comes from its key
    /// alone, so entries move with their chains as they are: no signature is read or hashed again.
    /// </summary>
    private void GrowBands(int length)
    {
        var old = _bands;
        _bands = new BandEntry[length];
        var mask = (uint)length - 1;
        foreach (var entry in old)
        {
            if (!entry.IsEmpty)
            {
                var position = entry.Key & mask;
                while (!_bands[position].IsEmpty)
                {
                    position = (position + 1) & mask;
                }

                _bands[position] = entry;
            }
        }
    }

    /// <summary>Puts each band of item <paramref name="index"/> at the head of its chain; <paramref name="bandKeys"/> are the bands' keys, or empty to compute them.</summary>
    private void Link(int index, ReadOnlySpan<uint> bandKeys)
    {
        var signature = SignatureOf(index);
        for (var band = 0; band < Bands; band++)
        {
            var key = bandKeys.IsEmpty ? BandKey(signature, band) : bandKeys[band];
            var position = FindBand(key);
            ref var entry = ref _bands[position];
            var node = (index << _bandShift) | band;
            if (entry.IsEmpty)
            {
                entry = new BandEntry(key, node);
                _bandsInUse++;
                _next.At(index, band) = -1;
            }
            else
            {
                _next.At(index, band) = entry.Head;
                entry.Head = node;
            }
        }
    }

    /// <summary>The position of the band table entry for <paramref name="key"/>: its own, or the empty one where it would go.</summary>
    private uint FindBand(uint key)
    {
        var mask = (uint)_bands.Length - 1;
        for (var position = key & mask; ; position = (position + 1) & mask)
        {
            var entry = _bands[position];
            if (entry.IsEmpty || entry.Key == key)
            {
                return position;
            }
        }
    }

    private bool RemoveLocked(string id)
    {
        if (!_byId.Remove(id, out var index))
        {
            return false;
        }

        var hash = _hashes[index];
        _ids[index] = null;
        _duplicates.Remove(index);
        if (_byHash.TryGetValue(hash, out var byHash) && byHash == index)
        {
            _byHash.Remove(hash);

            // Another kept item with the same text (an exact duplicate kept by KeptDuplicates.Exact) takes over.
            if (_extraCopies.ContainsKey(hash))
            {
                _byHash[hash] = NextCopy(hash);
            }
        }

        if (_extraCopies.TryGetValue(hash, out var copies))
        {
            if (copies == 1)
            {
                _extraCopies.Remove(hash);
            }
            else
            {
                _extraCopies[hash] = copies - 1;
            }
        }

        return true;
    }

    private int NextCopy(UInt128 hash)
    {
        for (var index = 0; index < _items; index++)
        {
            if (_ids[index] is not null && _hashes[index] == hash)
            {
                return index;
            }
        }

        throw new InvalidOperationException("dedup index: a counted copy of a hash is missing");
    }

    /// <summary>The band table key of one band of <paramref name="signature"/>: 32 bits of a hash of its slots and its number; its low bits pick the entry's position.</summary>
    private uint BandKey(ReadOnlySpan<ushort> signature, int band)
    {
        var slots = signature.Slice(band * Rows, Rows);
        ulong hash;
        if (Rows <= 4)
        {
            // PERF: a band of up to four 16-bit slots packs into one word: one multiply-xorshift mix instead of a hash call.
            ulong packed = 0;
            foreach (var slot in slots)
            {
                packed = (packed << 16) | slot;
            }

            hash = MinHasher.Mix(packed ^ ((ulong)band << 58) ^ ((ulong)Rows << 52));
        }
        else
        {
            hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(slots), band);
        }

        return (uint)(hash >> 32);
    }

    /// <summary>One band table entry: the key of a band hash and the first node of the chain of items with that band.</summary>
    /// <remarks>PERF: the default value is the empty entry, so a new table needs no filling: its memory comes zeroed.</remarks>
    private struct BandEntry(uint key, int head)
    {
        public const int Bytes = 8;

        public uint Key = key;

        // The head node plus one: 0 is empty.
        private int _headPlusOne = head + 1;

        public readonly bool IsEmpty => _headPlusOne == 0;

        public int Head
        {
            readonly get => _headPlusOne - 1;
            set => _headPlusOne = value + 1;
        }
    }

    /// <summary>The duplicates recorded on one kept item.</summary>
    private sealed class Recorded(int count, List<string> ids)
    {
        public int Count { get; set; } = count;

        public List<string> Ids { get; } = ids;
    }
}
