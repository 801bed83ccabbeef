using System.Globalization;

namespace Hunyu.Core.Audit;

/// <summary>
/// Walks a chain in sequence order and finds the first entry that does not hold: a gap, a broken link, contents that
/// do not match their hash, or (with an anchor) a cut-off tail or a rewritten chain. Every store verifies through it.
/// </summary>
/// <remarks>Not thread-safe: one walk, one instance.</remarks>
/// <param name="anchor">A head recorded earlier and kept elsewhere; null checks the chain alone.</param>
public sealed class AuditChainVerifier(AuditAnchor? anchor = null)
{
    private long _entries;
    private long _expected = 1;
    private string _previousHash = AuditChain.GenesisHash;
    private AuditBreak? _first;

    /// <summary>Checks the next entry in ascending sequence order.</summary>
    public void Add(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _entries++;
        var broken = _first is null ? Check(record) : null;
        _first ??= broken;
        _expected = Math.Max(_expected, record.Sequence + 1);
        _previousHash = record.Hash;
    }

    /// <summary>The result after the last entry.</summary>
    public AuditVerification Result()
    {
        var first = _first;
        if (first is null && anchor is not null && _entries < anchor.Count)
        {
            first = new AuditBreak(
                _entries + 1,
                AuditBreakKind.Truncated,
                Text($"the anchor records {anchor.Count} entries but the log holds {_entries}: entries {_entries + 1}-{anchor.Count} were removed from the end"));
        }

        return new AuditVerification(_entries, first, _entries == 0 ? AuditChain.GenesisHash : _previousHash);
    }

    private AuditBreak? Check(AuditRecord record)
    {
        var sequence = record.Sequence;
        if (sequence > _expected)
        {
            return new AuditBreak(_expected, AuditBreakKind.Missing, Text($"entry {_expected} is missing (deleted); the next entry is {sequence}"));
        }

        if (sequence < _expected)
        {
            return new AuditBreak(sequence, AuditBreakKind.OutOfOrder, Text($"entry {sequence} appears again or out of order after entry {_expected - 1}"));
        }

        if (!string.Equals(record.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return new AuditBreak(
                sequence,
                AuditBreakKind.Relinked,
                Text($"entry {sequence} does not follow entry {sequence - 1}: its previous hash differs (an entry was deleted, inserted or reordered)"));
        }

        if (!string.Equals(AuditChain.ComputeHash(record), record.Hash, StringComparison.Ordinal))
        {
            return new AuditBreak(sequence, AuditBreakKind.Edited, Text($"entry {sequence}'s contents do not match its hash (a field or the hash was edited)"));
        }

        if (anchor is not null && sequence == anchor.Count && !string.Equals(record.Hash, anchor.HeadHash, StringComparison.Ordinal))
        {
            return new AuditBreak(sequence, AuditBreakKind.Rewritten, Text($"entry {sequence} has another hash than the anchor recorded: the chain up to it was rewritten"));
        }

        return null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
