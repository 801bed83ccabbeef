using Hunyu.Core.Identity;

namespace Hunyu.Storage.Sqlite;

/// <summary>An API key as stored, for checking a presented key against it.</summary>
/// <param name="Info">What is known about the key.</param>
/// <param name="SecretHash">The SHA-256 hash of its secret (see <see cref="ApiKeyText.Hash"/>).</param>
/// <param name="User">The key's user; null when the user has been removed.</param>
public sealed record StoredApiKey(ApiKeyInfo Info, string SecretHash, IdentityUser? User);
