namespace Hunyu.Ingestion.Governance;

/// <summary>The persistable state of a dedup index: its scheme and its kept items, in the order they were kept.</summary>
/// <param name="Version">The state format's version (<see cref="CurrentVersion"/>).</param>
/// <param name="Scheme">The MinHash scheme the signatures were computed with.</param>
/// <param name="Entries">The kept items.</param>
public sealed record DedupIndexState(int Version, MinHashScheme Scheme, IReadOnlyList<DedupIndexEntry> Entries)
{
    /// <summary>The format version written now (2: signatures of 16-bit slots; version 1 had 32-bit ones).</summary>
    public const int CurrentVersion = 2;
}

/// <summary>One kept item of a dedup index.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Hash">Its dedup-text hash as 32 hex digits.</param>
/// <param name="Length">Characters of its dedup text.</param>
/// <param name="Signature">Its MinHash signature (16 bits per slot, see <see cref="DedupFingerprint"/>); empty when it had none.</param>
/// <param name="DuplicateCount">How many later items were dropped as its duplicates.</param>
/// <param name="Duplicates">The first <see cref="InMemoryDedupIndex.MaxRecordedDuplicates"/> of them (all are in the run reports).</param>
public sealed record DedupIndexEntry(string Id, string Hash, int Length, IReadOnlyList<ushort> Signature, int DuplicateCount, IReadOnlyList<string> Duplicates);
