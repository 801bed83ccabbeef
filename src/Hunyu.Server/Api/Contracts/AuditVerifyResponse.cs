using Hunyu.Core.Audit;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/audit/verify</c>: the same shape as <c>hunyu audit verify --json</c>.</summary>
/// <param name="Entries">How many entries the log holds.</param>
/// <param name="Intact">True when the chain (and the anchor, if one is kept) holds.</param>
/// <param name="FirstBroken">The first break, or null.</param>
/// <param name="HeadHash">The last entry's hash.</param>
/// <param name="AnchorEntries">The entry count the data directory's anchor recorded; null when there is none.</param>
public sealed record AuditVerifyResponse(long Entries, bool Intact, AuditBreakResponse? FirstBroken, string HeadHash, long? AnchorEntries)
{
    /// <summary>The response form of <paramref name="verification"/>.</summary>
    public static AuditVerifyResponse From(AuditVerification verification, AuditAnchor? anchor)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var broken = verification.FirstBroken;
        return new(
            verification.Entries,
            verification.Intact,
            broken is null ? null : new AuditBreakResponse(broken.Sequence, broken.Kind, broken.Reason),
            verification.HeadHash,
            anchor?.Count);
    }
}
