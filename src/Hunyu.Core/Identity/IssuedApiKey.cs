namespace Hunyu.Core.Identity;

/// <summary>A key just issued: the only time its full text exists outside the holder's hands.</summary>
/// <param name="Key">The full key, <c>hy_&lt;id&gt;_&lt;secret&gt;</c>; show it once, never store or log it.</param>
/// <param name="Info">What is stored about it.</param>
public sealed record IssuedApiKey(string Key, ApiKeyInfo Info);
