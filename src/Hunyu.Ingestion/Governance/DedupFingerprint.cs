namespace Hunyu.Ingestion.Governance;

/// <summary>What the dedup index compares: the hash of an item's dedup text and, when it is long enough, its MinHash signature.</summary>
/// <param name="Hash">128-bit XxHash of the dedup text (see <see cref="DedupOptions"/>): equal hashes are exact duplicates.</param>
/// <param name="Length">Characters of the body's dedup text (the title is not counted).</param>
/// <param name="Signature">The MinHash signature, the low 16 bits of each slot's minimum; empty when the text is too short for near-duplicate detection or it was not needed.</param>
public sealed record DedupFingerprint(UInt128 Hash, int Length, ReadOnlyMemory<ushort> Signature)
{
    /// <summary>The hash as 32 lower-case hex digits (how it is stored).</summary>
    public string HashHex => Hash.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
