namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/sources</c>.</summary>
/// <param name="Sources">Every source the caller may see, by domain, kind and location.</param>
public sealed record SourceListResponse(IReadOnlyList<SourceEntryResponse> Sources);
