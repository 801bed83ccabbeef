using Hunyu.Core.Audit;

namespace Hunyu.Server.Api.Contracts;

/// <summary>Where and why the audit chain breaks.</summary>
/// <param name="Sequence">The broken or missing entry.</param>
/// <param name="Kind">edited, missing, relinked, out_of_order, truncated or rewritten.</param>
/// <param name="Reason">One sentence.</param>
public sealed record AuditBreakResponse(long Sequence, AuditBreakKind Kind, string Reason);
