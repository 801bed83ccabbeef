using Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Governance;

/// <summary>What chunk-level deduplication did to one document's chunks.</summary>
/// <param name="Kept">The chunks to index, in order (ordinals unchanged, so gaps show where duplicates were).</param>
/// <param name="Duplicates">
/// The chunks that duplicate chunks kept earlier, with what they duplicate: dropped, or kept and reported
/// (<see cref="DuplicateEntry.Kept"/>).
/// </param>
public sealed record ChunkGovernance(IReadOnlyList<Chunk> Kept, IReadOnlyList<DuplicateEntry> Duplicates)
{
    /// <summary>All the document's chunks before deduplication.</summary>
    public int Total => Kept.Count + Duplicates.Count(duplicate => !duplicate.Kept);
}
