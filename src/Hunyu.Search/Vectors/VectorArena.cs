using System.Numerics.Tensors;

namespace Hunyu.Search.Vectors;

/// <summary>
/// The committed vectors of one store in memory: one contiguous array of components (float32 or int8), one slot per
/// chunk, freed slots reused. Not thread-safe: the store guards it with a reader-writer lock.
/// </summary>
internal sealed class VectorArena
{
    private const int InitialSlots = 64;
    private readonly Stack<int> _free = new();
    private readonly Dictionary<string, int> _slotByChunk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredDocument> _documents = new(StringComparer.Ordinal);
    private float[] _floats = [];
    private sbyte[] _bytes = [];
    private float[] _scales = [];
    private string?[] _chunkIds = [];
    private string?[] _documentIds = [];
    private int _used;

    public VectorArena(int dimensions, VectorEncoding encoding)
    {
        Dimensions = dimensions;
        Encoding = encoding;
    }

    public int Dimensions { get; }

    public VectorEncoding Encoding { get; }

    /// <summary>Live vectors.</summary>
    public int Count => _slotByChunk.Count;

    public int DocumentCount => _documents.Count;

    /// <summary>Bytes of the file's operations that still describe live documents.</summary>
    public long LiveBytes { get; private set; }

    public IReadOnlyDictionary<string, StoredDocument> Documents => _documents;

    /// <summary>Replaces the document's vectors; <paramref name="vectors"/> holds them back to back, already unit length.</summary>
    public void Replace(string documentId, string[] chunkIds, float[] vectors, long offset, int length)
    {
        Delete(documentId);
        var slots = new int[chunkIds.Length];
        var dims = Dimensions;
        for (var i = 0; i < chunkIds.Length; i++)
        {
            var slot = Allocate();
            slots[i] = slot;
            _chunkIds[slot] = chunkIds[i];
            _documentIds[slot] = documentId;
            _slotByChunk[chunkIds[i]] = slot;
            var source = vectors.AsSpan(i * dims, dims);
            if (Encoding == VectorEncoding.Float32)
            {
                source.CopyTo(_floats.AsSpan(slot * dims, dims));
            }
            else
            {
                _scales[slot] = Int8Kernels.Quantize(source, _bytes.AsSpan(slot * dims, dims));
            }
        }

        _documents[documentId] = new StoredDocument(slots, offset, length);
        LiveBytes += length;
    }

    public void Delete(string documentId)
    {
        if (!_documents.Remove(documentId, out var stored))
        {
            return;
        }

        LiveBytes -= stored.Length;
        foreach (var slot in stored.Slots)
        {
            _slotByChunk.Remove(_chunkIds[slot]!);
            _chunkIds[slot] = null;
            _documentIds[slot] = null;
            _free.Push(slot);
        }
    }

    /// <summary>Records where a document's operation lives after the file was rewritten.</summary>
    public void Relocate(string documentId, long offset)
    {
        var stored = _documents[documentId];
        _documents[documentId] = stored with { Offset = offset };
    }

    /// <summary>The nearest <paramref name="limit"/> permitted vectors to the unit-length <paramref name="query"/>, best first.</summary>
    public List<VectorHit> Search(ReadOnlySpan<float> query, int limit, VectorFilter filter)
    {
        var top = new TopK(limit, _chunkIds);
        Span<short> quantised = Encoding == VectorEncoding.Int8 ? new short[Dimensions] : [];
        var queryScale = Encoding == VectorEncoding.Int8 ? Int8Kernels.Quantize(query, quantised) : 0;
        switch (filter.Kind)
        {
            case VectorFilterKind.Everything:
                for (var slot = 0; slot < _used; slot++)
                {
                    if (_chunkIds[slot] is not null)
                    {
                        top.Offer(Score(slot, query, quantised, queryScale), slot);
                    }
                }

                break;
            case VectorFilterKind.Predicate:
                var predicate = filter.Predicate!;
                for (var slot = 0; slot < _used; slot++)
                {
                    if (_chunkIds[slot] is { } chunkId && predicate(chunkId, _documentIds[slot]!))
                    {
                        top.Offer(Score(slot, query, quantised, queryScale), slot);
                    }
                }

                break;
            case VectorFilterKind.Documents:
                foreach (var documentId in filter.Ids!)
                {
                    if (_documents.TryGetValue(documentId, out var stored))
                    {
                        foreach (var slot in stored.Slots)
                        {
                            top.Offer(Score(slot, query, quantised, queryScale), slot);
                        }
                    }
                }

                break;
            case VectorFilterKind.Chunks:
                foreach (var chunkId in filter.Ids!)
                {
                    if (_slotByChunk.TryGetValue(chunkId, out var slot))
                    {
                        top.Offer(Score(slot, query, quantised, queryScale), slot);
                    }
                }

                break;
        }

        return top.Drain(_documentIds);
    }

    private float Score(int slot, ReadOnlySpan<float> query, ReadOnlySpan<short> quantised, float queryScale)
    {
        var dims = Dimensions;
        return Encoding == VectorEncoding.Float32
            ? TensorPrimitives.Dot(query, new ReadOnlySpan<float>(_floats, slot * dims, dims))
            : Int8Kernels.Dot(new ReadOnlySpan<sbyte>(_bytes, slot * dims, dims), quantised) * queryScale * _scales[slot];
    }

    private int Allocate()
    {
        if (_free.TryPop(out var slot))
        {
            return slot;
        }

        if (_used == _chunkIds.Length)
        {
            Grow();
        }

        return _used++;
    }

    /// <summary>Makes room for <paramref name="slots"/> vectors at once (when loading a file), so memory holds no growth slack.</summary>
    public void EnsureCapacity(int slots)
    {
        if (slots > _chunkIds.Length)
        {
            Resize(Math.Min(slots, MaxSlots));
        }
    }

    /// <summary>One array holds every component, so the largest store is Array.MaxLength / dimensions vectors.</summary>
    private int MaxSlots => Array.MaxLength / Math.Max(1, Dimensions);

    private void Grow()
    {
        if (_chunkIds.Length >= MaxSlots)
        {
            throw new InvalidOperationException($"a vector store of {Dimensions} dimensions holds at most {MaxSlots:N0} vectors");
        }

        Resize((int)Math.Min(MaxSlots, Math.Max(InitialSlots, (long)_chunkIds.Length * 2)));
    }

    private void Resize(int slots)
    {
        Array.Resize(ref _chunkIds, slots);
        Array.Resize(ref _documentIds, slots);
        if (Encoding == VectorEncoding.Float32)
        {
            Array.Resize(ref _floats, slots * Dimensions);
        }
        else
        {
            Array.Resize(ref _bytes, slots * Dimensions);
            Array.Resize(ref _scales, slots);
        }
    }

    /// <summary>A document's slots and where its latest operation lies in the file.</summary>
    internal sealed record StoredDocument(int[] Slots, long Offset, int Length);

    /// <summary>A bounded min-heap of the best scores seen; ties go to the smaller chunk id, so results are deterministic.</summary>
    private sealed class TopK(int limit, string?[] chunkIds)
    {
        private readonly float[] _scores = new float[limit];
        private readonly int[] _slots = new int[limit];
        private int _count;

        public void Offer(float score, int slot)
        {
            if (_count < limit)
            {
                _scores[_count] = score;
                _slots[_count] = slot;
                SiftUp(_count++);
            }
            else if (Better(score, slot, _scores[0], _slots[0]))
            {
                _scores[0] = score;
                _slots[0] = slot;
                SiftDown(0);
            }
        }

        public List<VectorHit> Drain(string?[] documentIds)
        {
            var hits = new List<VectorHit>(_count);
            for (var i = 0; i < _count; i++)
            {
                hits.Add(new VectorHit(chunkIds[_slots[i]]!, documentIds[_slots[i]]!, _scores[i]));
            }

            hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.ChunkId, b.ChunkId));
            return hits;
        }

        private bool Better(float score, int slot, float otherScore, int otherSlot) =>
            score > otherScore || (score == otherScore && string.CompareOrdinal(chunkIds[slot], chunkIds[otherSlot]) < 0);

        private void SiftUp(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (!Better(_scores[parent], _slots[parent], _scores[i], _slots[i]))
                {
                    break;
                }

                Swap(i, parent);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                var worst = i;
                var left = (2 * i) + 1;
                var right = left + 1;
                if (left < _count && Better(_scores[worst], _slots[worst], _scores[left], _slots[left]))
                {
                    worst = left;
                }

                if (right < _count && Better(_scores[worst], _slots[worst], _scores[right], _slots[right]))
                {
                    worst = right;
                }

                if (worst == i)
                {
                    return;
                }

                Swap(i, worst);
                i = worst;
            }
        }

        private void Swap(int a, int b)
        {
            (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
            (_slots[a], _slots[b]) = (_slots[b], _slots[a]);
        }
    }
}
