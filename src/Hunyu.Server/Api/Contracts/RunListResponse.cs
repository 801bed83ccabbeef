namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/runs</c>.</summary>
/// <param name="Runs">The most recent ingestion runs, newest first.</param>
public sealed record RunListResponse(IReadOnlyList<RunResponse> Runs);
