namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>POST /api/keys</c>: the only time the key's text is shown.</summary>
/// <param name="Key">The full key, <c>hy_&lt;id&gt;_&lt;secret&gt;</c>; send it as <c>Authorization: Bearer KEY</c>. It is not stored and cannot be shown again.</param>
/// <param name="Info">What is stored about it.</param>
public sealed record IssuedKeyResponse(string Key, KeyResponse Info);
