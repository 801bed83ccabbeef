namespace Hunyu.Core.Audit;

/// <summary>The first place the chain does not hold.</summary>
/// <param name="Sequence">The sequence number of the broken (or missing) entry.</param>
/// <param name="Kind">What kind of break.</param>
/// <param name="Reason">One sentence for the operator.</param>
public sealed record AuditBreak(long Sequence, AuditBreakKind Kind, string Reason);
