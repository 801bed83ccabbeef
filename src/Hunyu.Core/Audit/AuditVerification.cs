namespace Hunyu.Core.Audit;

/// <summary>What walking the chain found.</summary>
/// <param name="Entries">How many entries the log holds.</param>
/// <param name="FirstBroken">The first break, or null when the chain (and the anchor, if given) holds.</param>
/// <param name="HeadHash">The stored hash of the last entry: keep it elsewhere as an anchor.</param>
public sealed record AuditVerification(long Entries, AuditBreak? FirstBroken, string HeadHash)
{
    /// <summary>True when nothing is broken.</summary>
    public bool Intact => FirstBroken is null;

    /// <summary>The anchor for the log as verified.</summary>
    public AuditAnchor Anchor => new(Entries, HeadHash);
}
