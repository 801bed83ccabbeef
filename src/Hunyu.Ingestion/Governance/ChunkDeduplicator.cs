using Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Governance;

/// <summary>Chunk-level deduplication: a chunk that repeats a chunk kept earlier in the same index is dropped.</summary>
/// <remarks>
/// Chunks are compared on their own text (no title). Chunks whose dedup text is shorter than
/// <see cref="DedupOptions.MinChunkChars"/> are always kept: short passages legitimately recur across documents.
/// <see cref="Prepare"/> is thread-safe; <see cref="Apply"/> must be called in input order.
/// </remarks>
internal sealed class ChunkDeduplicator(DedupOptions options, IDedupIndex index)
{
    private readonly MinHasher? _hasher = options.Near ? new MinHasher(MinHashScheme.Of(options)) : null;

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
            if (index.FindOrAdd(id, fingerprint) is { } match)
            {
                duplicates.Add(new DuplicateEntry(id, match.DuplicateOf, match.Kind, match.Similarity, GovernanceLevel.Chunk));
            }
            else
            {
                kept.Add(chunk);
            }
        }

        return new ChunkGovernance(kept, duplicates);
    }
}
