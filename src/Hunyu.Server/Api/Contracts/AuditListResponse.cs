namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/audit</c>.</summary>
/// <param name="Count">How many entries are listed.</param>
/// <param name="Entries">The matching entries, newest first.</param>
public sealed record AuditListResponse(int Count, IReadOnlyList<AuditEntryResponse> Entries);
