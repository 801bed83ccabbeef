namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The kept items of a domain that new items are deduplicated against (documents or chunks: one index each). The
/// first item seen is kept; a later exact or near copy is reported as its duplicate and recorded on it.
/// </summary>
/// <remarks>
/// <see cref="InMemoryDedupIndex"/> is the in-process implementation; its state (<see cref="DedupIndexState"/>) is
/// what a catalog stores (per kept item: id, content hash, signature), so a later run continues where the last
/// stopped. Implementations must be safe to call from several threads.
/// </remarks>
public interface IDedupIndex
{
    /// <summary>
    /// Returns the kept item that <paramref name="fingerprint"/> duplicates (recording <paramref name="id"/> on it), or
    /// keeps <paramref name="id"/> and returns null. An item already kept under <paramref name="id"/> is replaced first,
    /// so a changed document never duplicates its own earlier version. A duplicate of a kind in <paramref name="keep"/>
    /// is returned and kept as well (it is reported, and indexed, rather than dropped), so later copies of it are found.
    /// </summary>
    DedupMatch? FindOrAdd(string id, DedupFingerprint fingerprint, KeptDuplicates keep = KeptDuplicates.None);

    /// <summary>True when a kept item has the dedup-text hash <paramref name="hash"/>: the cheap check before a signature is computed.</summary>
    bool ContainsExact(UInt128 hash);

    /// <summary>Forgets the kept item <paramref name="id"/> (deleted or replaced); false when it was not kept.</summary>
    bool Remove(string id);
}
