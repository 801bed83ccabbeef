using Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Governance;

/// <summary>Chunk-level deduplication: a chunk that repeats a chunk kept earlier in the same index is dropped (or reported, per <see cref="GovernanceActions"/>).</summary>
/// <remarks>
/// Chunks are compared on their own text (no title). Chunks whose dedup text is shorter than
/// <see cref="DedupOptions.MinChunkChars"/> are always kept: short passages legitimately recur across documents. A
/// document never loses all of its chunks: when every one duplicates an earlier chunk, all are kept and reported.
/// Near-duplicate chunks are looked for only when they are dropped (<see cref="GovernanceActions.NearDuplicate"/> is
/// drop): a chunk is too small a unit for a near copy kept anyway to be worth its signature, which costs as much to
/// compute and keep as a document's (about 0.7 KB each in the stored dedup state). <see cref="Prepare"/> is
/// thread-safe; <see cref="Apply"/> must be called in input order.
/// </remarks>
internal sealed class ChunkDeduplicator(DedupOptions options, IDedupIndex index, GovernanceActions actions)
{
    private readonly MinHasher? _hasher = options.Near && actions.NearDuplicate == FindingAction.Drop ? new MinHasher(MinHashScheme.Of(options)) : null;

    /// <summary>The fingerprints of <paramref name="chunks"/>; null for those too short to deduplicate.</summary>
    public DedupFingerprint?[] Prepare(IReadOnlyList<Chunk> chunks)
    {
        var fingerprints = new DedupFingerprint?[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var fingerprint = DedupText.Fingerprint(string.Empty, [chunks[i].Text], _hasher, Math.Max(options.MinNearChars, options.MinChunkChars), index.ContainsExact);
            if (fingerprint.Length >= options.MinChunkChars)
            {
                fingerprints[i] = fingerprint;
            }
        }

        return fingerprints;
    }

    /// <summary>Keeps or drops each chunk against the index, in order.</summary>
    public ChunkGovernance Apply(IReadOnlyList<Chunk> chunks, DedupFingerprint?[] fingerprints)
    {
        var kept = new List<Chunk>(chunks.Count);
        var duplicates = new List<DuplicateEntry>();
        var dropped = new List<(int Chunk, DedupFingerprint Fingerprint, int Entry)>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (fingerprints[i] is not { } fingerprint)
            {
                kept.Add(chunk);
                continue;
            }

            if (_hasher is not null && fingerprint.Signature.IsEmpty && fingerprint.Length >= Math.Max(options.MinNearChars, options.MinChunkChars) && !index.ContainsExact(fingerprint.Hash))
            {
                fingerprint = DedupText.Fingerprint(string.Empty, [chunk.Text], _hasher, options.MinNearChars);
            }

            var id = chunk.CitationId;
            if (index.FindOrAdd(id, fingerprint, actions.Kept) is not { } match)
            {
                kept.Add(chunk);
                continue;
            }

            var entry = new DuplicateEntry(id, match.DuplicateOf, match.Kind, match.Similarity, GovernanceLevel.Chunk);
            if (actions.ForDuplicate(match.Kind) == FindingAction.Report)
            {
                kept.Add(chunk);
                duplicates.Add(entry with { Kept = true });
            }
            else
            {
                dropped.Add((i, fingerprint, duplicates.Count));
                duplicates.Add(entry);
            }
        }

        if (kept.Count == 0 && dropped.Count > 0)
        {
            // Every chunk repeats text kept elsewhere: the document was kept, so it keeps its chunks (and they join the index).
            foreach (var (i, fingerprint, entry) in dropped)
            {
                index.FindOrAdd(chunks[i].CitationId, fingerprint, KeptDuplicates.Exact | KeptDuplicates.Near);
                kept.Add(chunks[i]);
                duplicates[entry] = duplicates[entry] with { Kept = true };
            }
        }

        return new ChunkGovernance(kept, duplicates);
    }
}
