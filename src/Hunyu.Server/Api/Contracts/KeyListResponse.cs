namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>GET /api/keys</c>.</summary>
/// <param name="Keys">The keys of the caller's tenant (never their secrets), newest first.</param>
public sealed record KeyListResponse(IReadOnlyList<KeyResponse> Keys);
