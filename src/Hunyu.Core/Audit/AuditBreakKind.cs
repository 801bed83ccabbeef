namespace Hunyu.Core.Audit;

/// <summary>Why the chain is broken at an entry.</summary>
public enum AuditBreakKind
{
    /// <summary>The entry's stored fields do not hash to its stored hash: a field or the hash was edited.</summary>
    Edited,

    /// <summary>A sequence number is missing: the entry was deleted.</summary>
    Missing,

    /// <summary>The entry does not name the entry before it: one was deleted (and the rest renumbered), inserted or moved.</summary>
    Relinked,

    /// <summary>A sequence number repeats or goes backwards.</summary>
    OutOfOrder,

    /// <summary>The log holds fewer entries than the anchor recorded: its tail was cut off.</summary>
    Truncated,

    /// <summary>The entry the anchor recorded has another hash now: the chain was rewritten.</summary>
    Rewritten,
}
