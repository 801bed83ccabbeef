namespace Hunyu.Server.Api.Contracts;

/// <summary>A page of documents, most recently changed first.</summary>
/// <param name="Count">Documents in this page.</param>
/// <param name="Total">Documents the caller may see in all pages (its tenant, its domains, the effective ACL); hidden ones are not counted.</param>
/// <param name="Offset">How many of those documents were skipped.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Documents">The documents.</param>
public sealed record DocumentListResponse(int Count, int Total, int Offset, int Limit, IReadOnlyList<DocumentResponse> Documents);
